package audit_test

import (
	"context"
	"crypto/rand"
	"fmt"
	"os"
	"path/filepath"
	"time"

	"github.com/hushlog/hush/audit"
	"github.com/hushlog/hush/pipeline"
)

func Example() {
	dir, _ := os.MkdirTemp("", "hush-audit-example")
	defer os.RemoveAll(dir)
	skey, vkey, _ := audit.GenerateKey(rand.Reader, "hush-audit-example")
	now := func() time.Time { return time.Date(2026, 5, 1, 12, 0, 0, 0, time.UTC) }

	s, err := audit.Open(audit.Config{Dir: dir, Writer: "gateway-1", Key: skey, Now: now})
	if err != nil {
		fmt.Println(err)
		return
	}
	err = s.Write(context.Background(), []pipeline.Item{
		{ID: "01J0", Data: []byte(`{"@timestamp":"2026-05-01T11:59:00Z","record.id":"01J0","gen_ai.request.model":"gpt-4o","user.id":"u-7f3a","hush.findings":{"EMAIL_ADDRESS":1}}`)},
		{ID: "01J1", Data: []byte(`{"@timestamp":"2026-05-01T11:59:30Z","record.id":"01J1","gen_ai.request.model":"claude-sonnet","user.id":"u-7f3a"}`)},
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	if err := s.Close(context.Background()); err != nil {
		fmt.Println(err)
		return
	}

	verifiers, _, _ := audit.ParseVerifiers(vkey)
	rep, err := audit.Verify(dir, "gateway-1", audit.VerifyOptions{Verifiers: verifiers})
	fmt.Println(rep.Records, "records, intact:", err == nil)

	found, _ := audit.Query(dir, audit.QueryOptions{Type: "EMAIL_ADDRESS"})
	for _, r := range found {
		fmt.Println(r.Index, r.Model, r.User, r.Findings)
	}
	// Output:
	// 2 records, intact: true
	// 0 gpt-4o u-7f3a [EMAIL_ADDRESS]
}

func ExampleExport() {
	dir, _ := os.MkdirTemp("", "hush-audit-example")
	defer os.RemoveAll(dir)
	skey, vkey, _ := audit.GenerateKey(rand.Reader, "hush-audit-example")
	s, _ := audit.Open(audit.Config{Dir: dir, Key: skey,
		Now: func() time.Time { return time.Date(2026, 6, 1, 0, 0, 0, 0, time.UTC) }})
	for i := range 5 {
		s.Append(fmt.Appendf(nil, `{"@timestamp":"2026-05-0%dT00:00:00Z","record.id":"%d"}`, i+1, i))
	}
	s.Close(context.Background())

	bundle := filepath.Join(dir, "bundle.zip")
	rep, err := audit.Export(dir, bundle, audit.ExportOptions{
		Since: time.Date(2026, 5, 2, 0, 0, 0, 0, time.UTC),
		Until: time.Date(2026, 5, 3, 23, 59, 59, 0, time.UTC),
	})
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println("exported", rep.Writers[0].Records, "records against a tree of", rep.Writers[0].TreeSize)

	// On the auditor's machine: only the bundle and the public key.
	verifiers, _, _ := audit.ParseVerifiers(vkey)
	br, err := audit.VerifyBundle(bundle, verifiers)
	fmt.Println("verified", br.Records, "records:", err == nil)
	// Output:
	// exported 2 records against a tree of 5
	// verified 2 records: true
}

func ExampleStore_Checkpoint() {
	dir, _ := os.MkdirTemp("", "hush-audit-example")
	defer os.RemoveAll(dir)
	skey, vkey, _ := audit.GenerateKey(rand.Reader, "hush-audit-example")
	s, _ := audit.Open(audit.Config{Dir: dir, Writer: "gw", Key: skey, CheckpointInterval: -1,
		Now: func() time.Time { return time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC) }})
	s.Append([]byte(`{"record.id":"a"}`))
	msg, _ := s.Checkpoint()
	s.Close(context.Background())

	verifiers, _, _ := audit.ParseVerifiers(vkey)
	ck, err := audit.OpenCheckpoint(msg, verifiers)
	fmt.Println(ck.Writer, ck.Tree.N, ck.Time.Format(time.RFC3339), err)
	// Output:
	// gw 1 2026-05-01T00:00:00Z <nil>
}
