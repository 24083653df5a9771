// Package file is the pipeline sink that writes records as JSON lines to rotating files:
// one line per record, rotation by size and age, rotated files synced, stamped with their
// rotation time and gzipped in the background. It is the embedded default of hush serve
// (<data-dir>/logs/).
//
//	s, err := file.New(file.DefaultConfig(filepath.Join(dataDir, "logs")), nil)
//	// pass s to pipeline.Config.Sinks
package file
