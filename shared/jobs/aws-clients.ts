import {
  DeleteObjectCommand,
  GetObjectCommand,
  HeadObjectCommand,
  PutObjectCommand,
  S3Client,
} from '@aws-sdk/client-s3';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';

// The S3 and SQS calls of big imports (and of structures' exports, written to the same bucket). The Lambda bundler puts this module in a file of its
// own beside index.js (see infra/aws/bundle/bundle.mjs), loaded on the first big import: the
// two SDK clients weigh 240 KB that the API's cold start would otherwise parse every time.

let s3: S3Client | undefined;
let sqs: SQSClient | undefined;

// A local stand-in (AWS_ENDPOINT_URL_S3, in tests) answers on one host: path-style there.
const s3Client = () =>
  (s3 ??= new S3Client({ forcePathStyle: Boolean(process.env.AWS_ENDPOINT_URL_S3) }));
const sqsClient = () => (sqs ??= new SQSClient({}));

export async function putObject(bucket: string, key: string, bytes: Uint8Array): Promise<void> {
  await s3Client().send(new PutObjectCommand({ Bucket: bucket, Key: key, Body: bytes }));
}

export async function getObject(bucket: string, key: string): Promise<Uint8Array> {
  const object = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!object.Body) throw new Error(`Upload ${key} has no body`);
  return object.Body.transformToByteArray();
}

/** The object's body as it arrives (Node's stream of the response): read once, in chunks. */
export async function getObjectStream(
  bucket: string,
  key: string,
): Promise<AsyncIterable<Uint8Array>> {
  const object = await s3Client().send(new GetObjectCommand({ Bucket: bucket, Key: key }));
  if (!object.Body) throw new Error(`Upload ${key} has no body`);
  return object.Body as AsyncIterable<Uint8Array>;
}

/** The object's size, or null when there is none. */
export async function objectSize(bucket: string, key: string): Promise<number | null> {
  try {
    const head = await s3Client().send(new HeadObjectCommand({ Bucket: bucket, Key: key }));
    return head.ContentLength ?? 0;
  } catch (error) {
    if ((error as { name?: string }).name === 'NotFound') return null;
    throw error;
  }
}

export async function deleteObject(bucket: string, key: string): Promise<void> {
  await s3Client().send(new DeleteObjectCommand({ Bucket: bucket, Key: key }));
}

/**
 * A URL the browser may PUT this one object to, for a quarter of an hour; with `bytes`, of that
 * size only (the content-length is signed: S3 refuses another).
 */
export async function uploadUrl(
  bucket: string,
  key: string,
  contentType: string,
  bytes?: number,
): Promise<string> {
  return getSignedUrl(
    s3Client(),
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      ContentType: contentType,
      ...(bytes !== undefined ? { ContentLength: bytes } : {}),
    }),
    {
      expiresIn: 900,
      ...(bytes !== undefined ? { signableHeaders: new Set(['content-length']) } : {}),
    },
  );
}

/** A URL the browser may GET this one object from, for a quarter of an hour, as `fileName`. */
export async function downloadUrl(
  bucket: string,
  key: string,
  fileName: string,
  contentType: string,
): Promise<string> {
  return getSignedUrl(
    s3Client(),
    new GetObjectCommand({
      Bucket: bucket,
      Key: key,
      ResponseContentDisposition: `attachment; filename="${fileName}"`,
      ResponseContentType: contentType,
    }),
    { expiresIn: 900 },
  );
}

export async function sendMessage(queueUrl: string, body: string): Promise<void> {
  await sqsClient().send(new SendMessageCommand({ QueueUrl: queueUrl, MessageBody: body }));
}
