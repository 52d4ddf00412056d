import type { UploadStore } from '#shared/services/deps';

/** Uploads waiting for their job in an S3 bucket (private, encrypted, expired after a week). */
export class S3UploadStore implements UploadStore {
  constructor(private readonly bucket: string) {}

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const { putObject } = await import('#shared/jobs/aws-clients');
    await putObject(this.bucket, key, bytes);
  }

  async get(key: string): Promise<Uint8Array> {
    const { getObject } = await import('#shared/jobs/aws-clients');
    return getObject(this.bucket, key);
  }

  async *stream(key: string): AsyncIterable<Uint8Array> {
    const { getObjectStream } = await import('#shared/jobs/aws-clients');
    yield* await getObjectStream(this.bucket, key);
  }

  async size(key: string): Promise<number | null> {
    const { objectSize } = await import('#shared/jobs/aws-clients');
    return objectSize(this.bucket, key);
  }

  async delete(key: string): Promise<void> {
    const { deleteObject } = await import('#shared/jobs/aws-clients');
    await deleteObject(this.bucket, key);
  }

  /** A structure's export leaves from the bucket: a Lambda answer holds 6 MB at most. */
  async downloadUrl(key: string, fileName: string, contentType: string): Promise<string> {
    const { downloadUrl } = await import('#shared/jobs/aws-clients');
    return downloadUrl(this.bucket, key, fileName, contentType);
  }

  /** The browser sends big files straight to the bucket: API Gateway takes 10 MB at most. */
  async directUploadUrl(key: string, contentType: string, bytes?: number): Promise<string> {
    const { uploadUrl } = await import('#shared/jobs/aws-clients');
    return uploadUrl(this.bucket, key, contentType, bytes);
  }
}
