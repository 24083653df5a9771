// Package b does not opt in: only PublicAttr misuse is reported.
package b

import (
	"errors"
	"fmt"

	"github.com/hushlog/hush/privlog"
)

type apiConfig struct{ APIKey, Region string }

func f(err error, password string, cfg apiConfig, sessionToken []byte, monkey string) {
	fmt.Println("not checked here")
	_ = privlog.PublicAttr("err", err)                         // want `privlog.PublicAttr given an error`
	_ = privlog.PublicAttr("cause", errors.New("x"))           // want `privlog.PublicAttr given an error`
	_ = privlog.PublicAttr("pw", password)                     // want `privlog.PublicAttr given a value with a sensitive name`
	_ = privlog.PublicAttr("k", cfg.APIKey)                    // want `given a value with a sensitive name`
	_ = privlog.PublicAttr("session_token", len(sessionToken)) // want `given a value under a sensitive key`
	_ = privlog.PublicAttr("region", cfg.Region)
	_ = privlog.PublicAttr("animal", monkey)
	_ = privlog.PublicAttr("count", 3)
}
