//go:build tools

// Package victorialogs pins the VictoriaLogs server that the Elasticsearch sink's
// integration tests run against. It is its own module so that the server's
// dependencies stay out of hush's module graph.
package victorialogs

import _ "github.com/VictoriaMetrics/VictoriaLogs/app/victoria-logs"
