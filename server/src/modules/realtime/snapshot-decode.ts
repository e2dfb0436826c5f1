// A snapshot frame back to rows, in Node (tests, benches, another instance): gunzip when it says gzip.
import { gunzipSync } from 'node:zlib';
import { decodeSnapshotFrame, type FeedSnapshot, type FeedSnapshotFrame } from '@wsnoc/shared';

export function decodeSnapshotFrameSync(frame: FeedSnapshotFrame): FeedSnapshot {
  if (frame.encoding !== 'columnar+gzip') {
    return decodeSnapshotFrame(frame);
  }
  const data = frame.data;
  const bytes =
    data instanceof ArrayBuffer
      ? Buffer.from(data)
      : Buffer.from(
          (data as Uint8Array).buffer,
          (data as Uint8Array).byteOffset,
          (data as Uint8Array).byteLength,
        );
  return decodeSnapshotFrame(frame, gunzipSync(bytes).toString('utf8'));
}
