// Package audit is hush's embedded, tamper-evident audit store: an append-only log of redacted
// records per writer, with an RFC 6962 Merkle tree over the records (golang.org/x/mod/sumdb/tlog),
// signed checkpoints (golang.org/x/mod/sumdb/note, ed25519), retention that records its own
// purges, verification, queries and offline-verifiable export bundles.
//
// # Writing
//
// Open a Store with a Config and use it as the pipeline's audit Sink (Store.Write) or call
// Store.Append. A record is acknowledged only once its bytes and its tree hashes are synced.
// The store appends a signed checkpoint every CheckpointInterval while it grows and on Close;
// Store.Checkpoint returns a fresh one for an auditor to keep.
//
// # On disk
//
// Everything of a writer lives in <data-dir>/audit/<writer>/:
//
//	00000000000000000000.seg  segments: header "HUSHSEG1" + first index (uint64), then frames
//	                          of data length (uint32) | tlog.RecordHash(data) | data
//	hashes                    every hash tlog.StoredHashes yields, 32 bytes each, in
//	                          tlog.StoredHashIndex order: proofs and tree heads without rescans
//	checkpoints               signed notes, appended; text = tlog.FormatTree + writer + time
//	keys                      public verifier keys that signed this log
//	index/                    query index (time, model, user, finding types); derived data
//	lock                      held while a Store has the log open
//
// The leaf hash of record i is tlog.RecordHash of its bytes, stored exactly as given.
//
// # Retention
//
// Whole sealed segments whose records are all older than Retention.MaxDays are removed (never
// a record younger than MinDays). Before removing anything the store signs a checkpoint and
// appends a signed purge statement naming the index and time range removed and the subtree
// hashes covering it, so Verify still recomputes every later tree head and reports the gap as
// explained.
//
// # Checking
//
// Verify recomputes every leaf and tree hash from the records, checks every checkpoint
// signature and root, every purge statement, and that the log extends checkpoints an auditor
// kept (consistency proofs). It detects changed bytes, deleted, reordered or renamed records or
// segments, a log cut short (against a kept checkpoint), and forged checkpoints. Query reads
// the index; Export writes a bundle of records with inclusion proofs, checkpoints, the public
// key and a README, and VerifyBundle checks such a bundle with nothing else.
package audit
