import type { Identity } from '#shared/domain/access';
import type { WriteContext } from '#shared/store/changes';
import type { StoreRegistry, Stores } from '#shared/store/index';
import type { TenantStore } from '#shared/store/tenants';
import type { AdministratorInviter } from './administrator-invitations';
import type { AwardeeInviter } from './invitations';

/** Where uploads of big imports wait for their worker: S3 in AWS, a folder locally. */
export interface UploadStore {
  put(key: string, bytes: Uint8Array): Promise<void>;
  get(key: string): Promise<Uint8Array>;
  /** The stored file as it is read, in chunks: a national DECP file is never held whole. */
  stream(key: string): AsyncIterable<Uint8Array>;
  /** The stored upload's size; null when nothing was uploaded under this key. */
  size(key: string): Promise<number | null>;
  /**
   * Where a browser may send the file itself (S3: a URL signed for this key, content type and,
   * when given, size), or null to send it to the API.
   */
  directUploadUrl(key: string, contentType: string, bytes?: number): Promise<string | null>;
  /**
   * Where a browser may download a stored file itself (S3: a URL signed for a quarter of an
   * hour, saved under `fileName`), or null to download it from the API.
   */
  downloadUrl(key: string, fileName: string, contentType: string): Promise<string | null>;
  /** Once its job has ended, the upload goes (nothing of it is needed any more). */
  delete(key: string): Promise<void>;
}

/** A job as its worker receives it: which, and of which structure (its keys are that one's). */
export interface QueuedJob {
  tenant: string;
  jobId: string;
}

/** How a job reaches its worker: SQS in AWS, the same process locally. */
export interface JobQueue {
  enqueue(job: QueuedJob): Promise<void>;
}

export interface ImportJobsSetup {
  uploads: UploadStore;
  queue: JobQueue;
  /** Files up to this size are imported within the request; bigger ones become jobs. */
  inlineMaxBytes: number;
}

/** Progress of a long import, for the job that runs it. */
export type ImportProgress = (done: number, total: number) => Promise<void> | void;

/** What the use cases need from the outside: the stores, a clock, and where jobs go. */
export interface ServiceDeps {
  /** The caller's structure's stores: no other structure's item can be named through them. */
  stores: Stores;
  /**
   * Every structure's stores and the register of structures: for the platform's own uses
   * only (the operator's and observer's routes, local tokens, jobs, schedules), never handed
   * to a structure's routes.
   */
  platform?: StoreRegistry | undefined;
  /** The register of structures (ids and names only): what a page needs to name its own. */
  register?: TenantStore | undefined;
  now: () => Date;
  /** Absent: every import runs within its request (tests, scripts). */
  imports?: ImportJobsSetup | undefined;
  /** Gives an invited awardee contact a way in (Cognito, or a local link); absent: none. */
  inviter?: AwardeeInviter | undefined;
  /** Gives a structure's invited administrator a way in (Cognito, or a local link); absent: none. */
  adminInviter?: AdministratorInviter | undefined;
}

export function writeContext(deps: ServiceDeps, actor: Identity): WriteContext {
  return { actor, at: deps.now().toISOString() };
}
