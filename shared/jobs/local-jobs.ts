import type { ImportJobsSetup } from '#shared/services/deps';
import type { StoreRegistry } from '#shared/store/index';
import { FolderUploadStore } from './folder-uploads';
import { runImportJob } from './import-runner';
import { InProcessQueue } from './in-process-queue';
import { INLINE_IMPORT_MAX_BYTES } from './limits';

/** Jobs on one machine: uploads in a folder, run by this process (`npm start`, tests). */
export function localImportJobs(
  registry: StoreRegistry,
  uploadDir: string,
  options: {
    inlineMaxBytes?: number;
    now?: () => Date;
    onFailure?: (jobId: string, error: unknown) => void;
  } = {},
): ImportJobsSetup & { queue: InProcessQueue } {
  const now = options.now ?? (() => new Date());
  const onFailure =
    options.onFailure ??
    ((jobId: string, error: unknown) => console.error(`Import ${jobId} en échec`, error));
  const setup: ImportJobsSetup & { queue: InProcessQueue } = {
    uploads: new FolderUploadStore(uploadDir),
    queue: new InProcessQueue(
      ({ tenant, jobId }, lastAttempt) =>
        runImportJob(
          { stores: registry.of(tenant), platform: registry, now, imports: setup },
          jobId,
          { lastAttempt },
        ),
      ({ jobId }, error) => onFailure(jobId, error),
    ),
    inlineMaxBytes: options.inlineMaxBytes ?? INLINE_IMPORT_MAX_BYTES,
  };
  return setup;
}
