// Package eval measures how well hush's redaction works, per entity type, on labelled data.
//
// A [Dataset] is read from one of three formats: presidio-research's JSON ([ReadPresidio],
// code-point offsets), hush's JSONL corpus ([ReadJSONL], byte or rune offsets declared in a
// header line or by the caller) and a leaky-repo checkout ([ReadLeakyRepo], per-file counts of
// sensitive lines). [Load] picks the reader from the path. Dataset labels are translated to
// hush types by a [Mapping]; labels hush has no detector for are kept aside as unsupported,
// never counted as misses.
//
// A [Tool] produces predictions: [Hush] runs an engine in-process, [Gitleaks] runs the
// gitleaks binary on the same cases. [Score] turns predictions into per-type precision,
// recall, F1 and F2 (overlap and exact matching), the leak rate (share of sensitive characters
// left) and the keep rate (share of other characters untouched). [RunEndToEnd] checks the
// product path: which labelled values survive redaction the way "hush redact" does it.
// [EvaluateDataset] does all of it for one dataset, with the peers side by side on the secret
// cases; [WriteTable], [WriteJSON], [WriteHTML] and [WriteMarkdown] render the [Report].
// Reports hold counts and rates only, never text from the datasets.
//
// [GenerateCorpus] writes hush's own labelled corpus of gateway traffic from a seed
// (go run ./eval/gencorpus); [BuildBenchCorpus] and [RunBench] run the throughput side by
// side with gitleaks; [Thresholds] holds the floors that CI checks (thresholds.json).
//
// The command line is "hush eval" and "hush bench".
package eval
