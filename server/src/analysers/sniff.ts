import { fileTypeFromBuffer } from 'file-type';
import type { Sniffer } from '../core/ports.ts';

/** Identifies a file from its magic bytes (file-type); never trusts the client's word. */
export const sniffFileType: Sniffer = async (bytes) => {
  const type = await fileTypeFromBuffer(bytes);
  return type ? { mime: type.mime, ext: type.ext } : null;
};
