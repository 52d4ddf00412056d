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
}
