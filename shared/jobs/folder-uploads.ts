import { mkdir, readFile, writeFile } from 'node:fs/promises';
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
}

export const uploadsDir = (dataDir: string) => join(dataDir, 'uploads');
