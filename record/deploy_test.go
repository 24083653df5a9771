package record

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// TestIndexTemplateCoversRecord keeps deploy/elasticsearch/index-template.json in step with
// the record's JSON fields, and checks the Kibana saved objects parse and reference them.
func TestIndexTemplateCoversRecord(t *testing.T) {
	b, err := os.ReadFile(filepath.Join("..", "deploy", "elasticsearch", "index-template.json"))
	if err != nil {
		t.Fatal(err)
	}
	var tmpl struct {
		Template struct {
			Mappings struct {
				Properties map[string]json.RawMessage `json:"properties"`
			} `json:"mappings"`
		} `json:"template"`
	}
	if err := json.Unmarshal(b, &tmpl); err != nil {
		t.Fatal(err)
	}
	props := tmpl.Template.Mappings.Properties
	fields := map[string]bool{}
	rt := reflect.TypeFor[Record]()
	for i := 0; i < rt.NumField(); i++ {
		name, _, _ := strings.Cut(rt.Field(i).Tag.Get("json"), ",")
		if name == "" || name == "-" {
			continue
		}
		fields[name] = true
		if _, ok := props[name]; !ok {
			t.Errorf("record field %s has no mapping in the index template", name)
		}
	}
	for name := range props {
		if !fields[name] {
			t.Errorf("index template maps %s, which records do not have", name)
		}
	}
	nd, err := os.ReadFile(filepath.Join("..", "deploy", "kibana", "hush.ndjson"))
	if err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(bytes.NewReader(nd))
	n := 0
	for sc.Scan() {
		var obj struct {
			Type       string `json:"type"`
			ID         string `json:"id"`
			Attributes struct {
				Columns []string `json:"columns"`
			} `json:"attributes"`
		}
		if err := json.Unmarshal(sc.Bytes(), &obj); err != nil || obj.Type == "" || obj.ID == "" {
			t.Fatalf("saved object %d: %v", n, err)
		}
		for _, c := range obj.Attributes.Columns {
			if !fields[c] {
				t.Errorf("saved search %s shows unknown field %s", obj.ID, c)
			}
		}
		n++
	}
	if n != 3 {
		t.Fatalf("want 3 saved objects, got %d", n)
	}
}
