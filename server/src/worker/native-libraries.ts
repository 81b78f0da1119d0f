/**
 * The native libraries the analyser threads use, loaded on the thread that creates the pool and
 * kept for the process's life. A shared library that only a worker thread opened is closed again
 * (dlclose) when that thread ends, and libvips (sharp) and Skia (the canvas) cannot be unloaded
 * and loaded again in one process: sharp's documentation asks for it to be loaded on the main
 * thread when worker threads use it (lovell/sharp#2263). Without this, test processes crashed with
 * SIGSEGV or SIGABRT as pools' threads ended, once the event loop stopped loading these libraries
 * for modules of its own.
 */
import 'sharp';
import '@napi-rs/canvas';
