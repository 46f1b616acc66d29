import { createCipheriv, createDecipheriv, randomBytes, scrypt, type ScryptOptions } from 'node:crypto';
import { createReadStream, createWriteStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { Readable, Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type AuditHead, auditHeadSchema } from '../audit/audit.js';
import type { Dialect } from '../platform/db/connection.js';

/**
 * The backup file: MAGIC, a 4-byte big-endian length, a JSON header of that length, the
 * AES-256-GCM ciphertext, then the 16-byte GCM tag. Everything before the ciphertext is the GCM
 * "additional data", so a changed header (another dialect, weaker KDF parameters) fails the tag too.
 * The header is readable without the passphrase, which lets the head of the audit log it records
 * serve as an anchor (`jsi audit verify --anchor BACKUP`) wherever the backups are kept.
 */
export const MAGIC = Buffer.from('JSIBAK1', 'ascii');
export const MIN_PASSPHRASE = 12;
const TAG_BYTES = 16;
const MAX_HEADER = 64 * 1024;
// OWASP's scrypt recommendation: 128 MiB of memory and ~0.5 s per derivation, once per backup.
const SCRYPT = { N: 2 ** 17, r: 8, p: 1 } as const;

export interface BackupHeader {
  readonly version: 1;
  readonly kdf: { readonly name: 'scrypt'; readonly N: number; readonly r: number; readonly p: number; readonly salt: string };
  readonly cipher: 'aes-256-gcm';
  readonly iv: string;
  readonly dialect: Dialect;
  /** The PostgreSQL schema that was dumped, so a restore can move it to another name. */
  readonly schema: string | null;
  readonly createdAt: string;
  /** The audit log's head in the backed-up content; absent in backups made before it was recorded. */
  readonly audit?: AuditHead;
}

export class BackupError extends Error {}

const damaged = () => new BackupError('wrong passphrase or damaged backup');

export function checkPassphrase(passphrase: string): void {
  if ([...passphrase].length < MIN_PASSPHRASE) {
    throw new BackupError(`the backup passphrase must be at least ${MIN_PASSPHRASE} characters long`);
  }
}

function deriveKey(passphrase: string, kdf: BackupHeader['kdf']): Promise<Buffer> {
  // scrypt needs 128·N·r bytes; node's default cap (32 MiB) is below what N = 2^17 uses.
  const options: ScryptOptions = { N: kdf.N, r: kdf.r, p: kdf.p, maxmem: 256 * kdf.N * kdf.r + 32 * 1024 * 1024 };
  return new Promise((resolve, reject) =>
    scrypt(passphrase.normalize('NFC'), Buffer.from(kdf.salt, 'base64'), 32, options, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

function headerBytes(header: BackupHeader): Buffer {
  const json = Buffer.from(JSON.stringify(header), 'utf8');
  const length = Buffer.alloc(4);
  length.writeUInt32BE(json.length);
  return Buffer.concat([MAGIC, length, json]);
}

/** Encrypts a stream into `path` (created with mode 600); the plaintext never sits in memory whole. */
export async function encryptToFile(
  source: Readable,
  path: string,
  passphrase: string,
  meta: { dialect: Dialect; schema?: string | null; audit?: AuditHead },
): Promise<BackupHeader> {
  checkPassphrase(passphrase);
  const header: BackupHeader = {
    version: 1,
    kdf: { name: 'scrypt', ...SCRYPT, salt: randomBytes(16).toString('base64') },
    cipher: 'aes-256-gcm',
    iv: randomBytes(12).toString('base64'),
    dialect: meta.dialect,
    schema: meta.schema ?? null,
    createdAt: new Date().toISOString(),
    ...(meta.audit ? { audit: meta.audit } : {}),
  };
  const prefix = headerBytes(header);
  const cipher = createCipheriv('aes-256-gcm', await deriveKey(passphrase, header.kdf), Buffer.from(header.iv, 'base64'));
  cipher.setAAD(prefix);
  await pipeline(
    source,
    cipher,
    async function* (ciphertext: AsyncIterable<Buffer>) {
      yield prefix;
      yield* ciphertext;
      yield cipher.getAuthTag(); // available once the cipher has flushed, i.e. after the loop
    },
    createWriteStream(path, { mode: 0o600 }),
  );
  return header;
}

/** Reads and checks the header only; the tag is not verified yet, so treat it as a claim. */
export async function readHeader(path: string): Promise<{ header: BackupHeader; prefix: Buffer; size: number }> {
  const file = await open(path, 'r');
  try {
    const { size } = await file.stat();
    const start = Buffer.alloc(MAGIC.length + 4);
    await file.read(start, 0, start.length, 0);
    if (size < start.length || !start.subarray(0, MAGIC.length).equals(MAGIC)) {
      throw new BackupError(`${path} is not a JSI Monitor backup (it does not start with ${MAGIC.toString()})`);
    }
    const length = start.readUInt32BE(MAGIC.length);
    if (length > MAX_HEADER || start.length + length + TAG_BYTES > size) throw damaged();
    const json = Buffer.alloc(length);
    await file.read(json, 0, length, start.length);
    return { header: parseHeader(json), prefix: Buffer.concat([start, json]), size };
  } finally {
    await file.close();
  }
}

function parseHeader(json: Buffer): BackupHeader {
  let h: BackupHeader;
  try {
    h = JSON.parse(json.toString('utf8')) as BackupHeader;
  } catch {
    throw damaged();
  }
  const k = h?.kdf;
  // Bounds on the KDF keep a crafted file from asking for gigabytes of memory.
  const kdfOk = k?.name === 'scrypt' && Number.isInteger(Math.log2(k.N)) && k.N >= 2 ** 14 && k.N <= 2 ** 20 && k.r >= 1 && k.r <= 32 && k.p >= 1 && k.p <= 16;
  const auditOk = h?.audit === undefined || auditHeadSchema.safeParse(h.audit).success;
  if (h?.version !== 1 || !kdfOk || !auditOk || h.cipher !== 'aes-256-gcm' || (h.dialect !== 'sqlite' && h.dialect !== 'postgres') || typeof h.iv !== 'string') {
    throw damaged();
  }
  return h;
}

/**
 * Decrypts `path` into `outPath` and verifies the tag. GCM releases plaintext before it can check
 * the tag, so the caller must not use `outPath` unless this resolves: on a wrong passphrase or any
 * changed byte it rejects with "wrong passphrase or damaged backup".
 */
export async function decryptToFile(path: string, outPath: string, passphrase: string): Promise<BackupHeader> {
  return decryptInto(path, createWriteStream(outPath, { mode: 0o600 }), passphrase);
}

/**
 * Checks the tag, and so the header, without keeping the plaintext: what makes a backup's header
 * (the audit log's head in it) trustworthy to whoever holds the passphrase.
 */
export async function authenticateBackup(path: string, passphrase: string): Promise<BackupHeader> {
  return decryptInto(path, new Writable({ write: (_chunk, _encoding, done) => done() }), passphrase);
}

async function decryptInto(path: string, sink: Writable, passphrase: string): Promise<BackupHeader> {
  const { header, prefix, size } = await readHeader(path);
  const tag = Buffer.alloc(TAG_BYTES);
  const file = await open(path, 'r');
  try {
    await file.read(tag, 0, TAG_BYTES, size - TAG_BYTES);
  } finally {
    await file.close();
  }
  const decipher = createDecipheriv('aes-256-gcm', await deriveKey(passphrase, header.kdf), Buffer.from(header.iv, 'base64'));
  decipher.setAAD(prefix);
  decipher.setAuthTag(tag);
  const end = size - TAG_BYTES - 1;
  const body = end >= prefix.length ? createReadStream(path, { start: prefix.length, end }) : Readable.from([]);
  try {
    await pipeline(body, decipher, sink);
  } catch (error) {
    if (/authenticate|bad decrypt/i.test((error as Error).message)) throw damaged();
    throw error;
  }
  return header;
}
