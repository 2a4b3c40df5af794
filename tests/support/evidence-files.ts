// Evidence files as people send them, made in the test: a phone photo with its EXIF and a one-page PDF.

import sharp from 'sharp';

/** A phone photo: 640×480 JPEG with the camera's capture time and GPS place in its EXIF. */
export async function photo(color = '#c33'): Promise<Buffer> {
  return sharp({ create: { width: 640, height: 480, channels: 3, background: color } })
    .jpeg()
    .withExifMerge({
      IFD2: { DateTimeOriginal: '2030:09:03 10:15:00' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '30/1 15/1 0/1', GPSLongitudeRef: 'E', GPSLongitude: '120/1 10/1 0/1' },
    })
    .toBuffer();
}

/** The smallest PDF a reader opens: one empty page. */
export const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
  'latin1',
);
