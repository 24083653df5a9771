package rules

// generic returns the rules for format-generic secrets: JWTs, private key blocks, credentials in URLs, Authorization headers and password/secret assignments.
func generic() []Rule {
	return []Rule{
		{
			ID: "jwt", Type: "JWT", Category: Secret,
			Description: "JSON Web Token (JWS or JWE compact form) whose header decodes to JSON with alg",
			Keywords:    []string{"eyJ"},
			Match:       genMatchJWT,
		},
		{
			ID: "private-key", Type: "PRIVATE_KEY", Category: Secret,
			Description: "PEM, OpenSSH or PGP private key block, also inside JSON strings; fails closed without END",
			Keywords:    []string{"-----BEGIN"},
			Match:       genMatchPrivateKey,
		},
		{
			ID: "putty-private-key", Type: "PRIVATE_KEY", Category: Secret,
			Description: "private lines of a PuTTY .ppk key file",
			Keywords:    []string{"Private-Lines:"},
			Match:       genMatchPuTTYPrivate,
		},
		{
			ID: "url-credentials", Type: "URL_CREDENTIALS", Category: Secret,
			Description: "password in the userinfo of a URL or connection string (postgres://u:p@h, mongodb+srv://, redis://:p@, jdbc:…)",
			Keywords:    []string{"://", `:\/\/`},
			Match:       genMatchURLCredentials,
		},
		{
			ID: "authorization-header", Type: "AUTH_HEADER", Category: Secret,
			Description: "credential of an Authorization or Proxy-Authorization header (Bearer, Basic, Token, …), scheme kept",
			Keywords:    []string{"authorization"},
			Match:       genMatchAuthorization,
		},
		{
			ID: "bearer-token", Type: "AUTH_HEADER", Category: Secret,
			Description: "token after a Bearer scheme word outside an Authorization header",
			Keywords:    []string{"bearer"},
			Match:       genMatchSchemeWord,
			Heuristic:   true,
		},
		{
			ID: "basic-auth", Type: "AUTH_HEADER", Category: Secret,
			Description: "Basic credential (base64 of user:password, validated by decoding) outside an Authorization header",
			Keywords:    []string{"basic"},
			Match:       genMatchSchemeWord,
		},
		{
			ID: "password-assignment", Type: "PASSWORD", Category: Secret,
			Description: "literal assigned to a password key in code, JSON, YAML, .env, INI, XML, connection strings, CLI flags, .netrc or prose",
			Keywords:    []string{"password", "passwd", "passphrase", "pwd", "pass"},
			Match: genMatchAssign(genAssignSpec{
				kind: genAssignPassword, shortWords: []string{"pwd", "pass"}, minLen: 4, maxLen: 128,
			}),
			Heuristic: true,
		},
		{
			ID: "secret-assignment", Type: "GENERIC_SECRET", Category: Secret,
			Description: "token-shaped literal assigned to a secret or token key (client_secret, access_token, auth_token, …)",
			Keywords:    []string{"secret", "token", "salt"},
			Match: genMatchAssign(genAssignSpec{
				kind: genAssignSecret, minLen: 8, maxLen: 512, minEntropy: 2.8,
			}),
			Heuristic: true,
		},
		{
			ID: "api-key-assignment", Type: "GENERIC_SECRET", Category: Secret,
			Description: "high-entropy literal assigned to an api_key, secret_key, access_key, auth_key or similar key",
			Keywords: []string{
				"api_key", "apikey", "api-key", "secret_key", "secretkey", "secret-key", "access_key",
				"accesskey", "access-key", "auth_key", "authkey", "private_key", "privatekey",
				"signing_key", "signingkey", "encryption_key", "encryptionkey", "master_key",
				"masterkey", "app_key", "appkey", "client_key", "license_key", "licensekey", "hmac_key",
				"api key",
			},
			Match: genMatchAssign(genAssignSpec{
				kind: genAssignKey, minLen: 10, maxLen: 512, minEntropy: 3.0,
			}),
			Heuristic: true,
		},
		{
			ID: "curl-user-password", Type: "PASSWORD", Category: Secret,
			Description: "password of curl's -u/--user user:password option",
			Keywords:    []string{"-u ", "--user"},
			Match:       genMatchCurlUser,
			Heuristic:   true,
		},
		{
			ID: "mysql-password-flag", Type: "PASSWORD", Category: Secret,
			Description: "password written with the mysql/mariadb client's -p option (-pS3cret)",
			Keywords:    []string{"mysql", "mariadb"},
			Match:       genMatchMySQLPassword,
			Heuristic:   true,
		},
		{
			ID: "cli-password-flag", Type: "PASSWORD", Category: Secret,
			Description: "password passed with -p to docker/podman login or sshpass",
			Keywords:    []string{"docker login", "podman login", "sshpass"},
			Match:       genCLIFlag("-p"),
			Heuristic:   true,
		},
		{
			ID: "redis-cli-password", Type: "PASSWORD", Category: Secret,
			Description: "password passed with -a to redis-cli",
			Keywords:    []string{"redis-cli"},
			Match:       genCLIFlag("-a"),
			Heuristic:   true,
		},
	}
}
