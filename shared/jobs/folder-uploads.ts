import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import type { UploadStore } from '#shared/services/deps';

/** Uploads waiting for their job, as files under a folder (`DATA_DIR/uploads` locally). */
export class FolderUploadStore implements UploadStore {
  constructor(private readonly dir: string) {}

  private path(key: string): string {
    const path = resolve(this.dir, key);
    // Keys are made by the product (`imports/<job id>.<format>`); never outside the folder.
    if (!path.startsWith(resolve(this.dir)))
      throw new Error(`Upload key outside the folder: ${key}`);
    return path;
  }

  async put(key: string, bytes: Uint8Array): Promise<void> {
    const path = this.path(key);
    await mkdir(dirname(path), { recursive: true });
    await writeFile(path, bytes);
  }

  async get(key: string): Promise<Uint8Array> {
    return new Uint8Array(await readFile(this.path(key)));
  }

  stream(key: string): AsyncIterable<Uint8Array> {
    return createReadStream(this.path(key));
  }

  async size(key: string): Promise<number | null> {
    return stat(this.path(key)).then(
      (found) => found.size,
      () => null,
    );
  }

  async delete(key: string): Promise<void> {
    await rm(this.path(key), { force: true });
  }

  /** No URL of its own: the file is PUT to the app (PUT /api/imports/{id}/file). */
  async directUploadUrl(): Promise<null> {
    return null;
  }

  /** Nor to download: an export is served by the app (GET /api/exports/{id}/file). */
  async downloadUrl(): Promise<null> {
    return null;
  }
}

export const uploadsDir = (dataDir: string) => join(dataDir, 'uploads');
