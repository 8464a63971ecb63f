/**
 * SHA-256 for the run manifest (SPEC §9) and shard fingerprints. @noble/hashes instead of
 * node:crypto: loading the crypto built-in cost ~13 ms of every `model --format json` start
 * (a tenth of the run), while hashing a scenario file of a few kB in JavaScript costs ~0.1 ms.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** The lowercase hex SHA-256 of bytes, or of a string's UTF-8 bytes. */
export function sha256Hex(data: Uint8Array | string): string {
  return bytesToHex(sha256(typeof data === 'string' ? utf8ToBytes(data) : data));
}
