// The small, real sample files the KYC flows upload (fixtures/files), and hostile look-alikes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export interface UploadFile {
  filename: string;
  contentType: string;
  data: Uint8Array;
}

const dir = fileURLToPath(new URL('../../fixtures/files/', import.meta.url));
const cache = new Map<string, Uint8Array>();

function load(name: string): Uint8Array {
  let data = cache.get(name);
  if (!data) {
    data = new Uint8Array(readFileSync(dir + name));
    cache.set(name, data);
  }
  return data;
}

export const samplePdf = (): UploadFile => ({ filename: 'document.pdf', contentType: 'application/pdf', data: load('document.pdf') });
export const sampleJpeg = (): UploadFile => ({ filename: 'selfie.jpg', contentType: 'image/jpeg', data: load('selfie.jpg') });
export const samplePng = (): UploadFile => ({ filename: 'document.png', contentType: 'image/png', data: load('document.png') });

/** A plain-text file that claims to be a PDF by name and content type: content sniffing must refuse it. */
export function textPretendingToBePdf(): UploadFile {
  return { filename: 'ccmei.pdf', contentType: 'application/pdf', data: new TextEncoder().encode('this is plain text, not a PDF\n') };
}

/** A GIF (a real image, but not one of the accepted PDF/JPEG/PNG) named like a PNG. */
export function gifPretendingToBePng(): UploadFile {
  const gif = Uint8Array.from([
    0x47, 0x49, 0x46, 0x38, 0x39, 0x61, 1, 0, 1, 0, 0x80, 0, 0, 0, 0, 0, 0xff, 0xff, 0xff, 0x21, 0xf9, 4, 1, 0, 0, 0, 0, 0x2c, 0, 0, 0, 0, 1, 0, 1, 0, 0, 2, 2,
    0x44, 1, 0, 0x3b,
  ]);
  return { filename: 'selfie.png', contentType: 'image/png', data: gif };
}

/** The sample that fits a KYC item: a photo for selfies, a PDF for documents. */
export function sampleFor(type: string): UploadFile {
  if (/selfie|photo|face/i.test(type)) return sampleJpeg();
  if (/front|back|card|cnh|rg/i.test(type)) return samplePng();
  return samplePdf();
}
