package rules_test

// networkExamples are the true and false positives of the rules in network.go.
var networkExamples = map[string]examples{
	"ipv4-address": {
		tp: []string{
			"client «203.0.113.57» connected",
			"from=«10.12.4.201»:51514",
			`{"client_ip":"«192.168.1.20»"}`,
			"X-Forwarded-For: «86.121.97.248», «41.173.96.26»",
			"subnet «172.16.0.0»/12",
			"GET http://«192.168.1.20»:8080/admin",
			"src:«100.64.12.7» dst:…",
		},
		fp: []string{
			"listening on 127.0.0.1:8080",
			"bind 0.0.0.0",
			"broadcast 255.255.255.255",
			"upgrade to v2.5.79",
			"version 1.2.3.4",
			"package 1.2.3.4-beta",
			"OID 1.3.6.1.4.1.311",
			"bad 256.1.1.1 and 1.2.3",
			"leading zeros 010.001.002.003",
			"date 12.03.2024",
			"sha256:3f786850e387550fdab836ed7e6dc881de23001b",
			"path /v1/2.3.4.5/items",
			"HTTP/1.1 200 OK",
			"at 10:42:17.123.4 in the log",
		},
	},
	"ipv6-address": {
		tp: []string{
			"peer «2001:db8:85a3::8a2e:370:7334» joined",
			"«6e40:4041:c617:e898:c11:40d2:c669:2eb4»",
			"link «fe80::1ff:fe23:4567:890a%eth0» up",
			"mapped «::ffff:198.51.100.7»",
			"[«2a02:1810:4d02:3f00::1»]:443",
		},
		fp: []string{
			"loopback ::1 and ::",
			"health check ok from ::1:3000",
			"CACHE_URL=redis://::1:8080/0",
			"at 10:42:17 sharp",
			"std::vector<int> and Face::Add",
			"mac aa:bb:cc:dd:ee:ff",
			"1:2:3:4:5:6:7:8:9 has nine groups",
			"2001:db8::1::2 has two gaps",
			"ratio 16:9",
			"1::::2 0",
		},
	},
	"mac-address": {
		tp: []string{
			"device «3c:22:fb:7a:10:9e» joined",
			"MAC «3C-22-FB-7A-10-9E»",
		},
		fp: []string{
			"broadcast ff:ff:ff:ff:ff:ff",
			"zero 00:00:00:00:00:00",
			"multicast 01:00:5e:00:00:fb",
			"doc 00:00:5e:00:53:2a",
			"time 10:42:17:33:12:01:99",
			"uuid 3c22fb7a-109e-4b1c-9d7e-3c22fb7a109e",
			"date 2024-05-17",
			"12:34:56:78:9a:bc:de is seven",
		},
	},
}
