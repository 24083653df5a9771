// Command hush is compliant, zero-latency logging for AI model gateways. Run "hush help".
package main

import (
	"os"

	"github.com/hushlog/hush/internal/cli"
)

func main() {
	os.Exit(cli.Main(os.Args[1:], cli.Env{Stdin: os.Stdin, Stdout: os.Stdout, Stderr: os.Stderr, Getenv: os.Getenv}))
}
