import sharp from 'sharp';

/** An image prepared for OCR: greyscale PNG, upright, bounded size. */
export interface NormalisedImage {
  png: Buffer;
  width: number;
  height: number;
}

/**
 * Prepares a photo or scan for OCR: applies the EXIF orientation, converts to greyscale, stretches
 * contrast (photos have uneven light), and scales so the long side lies between `minSide` and
 * `maxSide` pixels (small print needs pixels; huge photos only cost time). TIFF/WebP/JPEG/PNG in.
 */
export async function normaliseImage(
  bytes: Uint8Array,
  options: { minSide?: number; maxSide?: number } = {},
): Promise<NormalisedImage> {
  const minSide = options.minSide ?? 1600;
  const maxSide = options.maxSide ?? 2600;
  const image = sharp(bytes, { failOn: 'none', limitInputPixels: 100_000_000 }).rotate();
  const meta = await image.metadata();
  // After .rotate() the EXIF orientation swaps width and height for 90° cases.
  const swap = (meta.orientation ?? 1) >= 5;
  const width = (swap ? meta.height : meta.width) ?? 0;
  const height = (swap ? meta.width : meta.height) ?? 0;
  const long = Math.max(width, height);
  let pipeline = image.greyscale().normalise();
  if (long > maxSide || (long > 0 && long < minSide)) {
    const scale = (long > maxSide ? maxSide : minSide) / long;
    pipeline = pipeline.resize({
      width: Math.round(width * scale),
      height: Math.round(height * scale),
      kernel: 'lanczos3',
    });
  }
  const { data, info } = await pipeline.png({ compressionLevel: 1 }).toBuffer({ resolveWithObject: true });
  return { png: data, width: info.width, height: info.height };
}
