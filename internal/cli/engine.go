package cli

import (
	"fmt"
	"os"

	"gopkg.in/yaml.v3"

	"github.com/hushlog/hush/redact"
)

// loadEngine builds the redaction engine from a config file (empty path: built-in defaults).
// The file is either a redaction config or a full hush config with a "redact" section.
func loadEngine(path string, getenv func(string) string) (*redact.Engine, error) {
	if path == "" {
		return redact.New(redact.Config{})
	}
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var top map[string]yaml.Node
	if err := yaml.Unmarshal(data, &top); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if sec, ok := top["redact"]; ok {
		if data, err = yaml.Marshal(&sec); err != nil {
			return nil, fmt.Errorf("%s: redact: %w", path, err)
		}
	}
	fc, err := redact.ParseConfig(data)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	cfg, err := fc.Build(getenv)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return redact.New(cfg)
}
