package harvest

import (
	"errors"
	"net"
	"testing"
)

func TestSpecialAddresses(t *testing.T) {
	for _, a := range []string{
		"100.100.100.200", "169.254.169.254", "10.1.2.3", "127.0.0.1", "192.168.1.1", "0.0.0.0", "198.18.0.1", "224.0.0.1",
		"64:ff9b::a9fe:a9fe", "64:ff9b::7f00:1", "2002:a9fe:a9fe::1", "2001:0:4136:e378:8000:63bf:5601:5601", "::ffff:10.0.0.1",
		"::1", "fe80::1", "fc00::1", "2001:db8::1",
	} {
		if !private(net.ParseIP(a)) {
			t.Errorf("%s must be refused", a)
		}
	}
	for _, a := range []string{"8.8.8.8", "151.101.1.1", "2a00:1450:4009:80b::200e", "64:ff9b::808:808", "2002:808:808::1"} {
		if private(net.ParseIP(a)) {
			t.Errorf("%s is a public address", a)
		}
	}
}

// TestDialRefusesSpecial: the dialler's check, which runs on the address
// dialled after DNS, refuses them.
func TestDialRefusesSpecial(t *testing.T) {
	for _, addr := range []string{"100.100.100.200:80", "[64:ff9b::a9fe:a9fe]:80", "[2002:a9fe:a9fe::1]:443"} {
		if err := refusePrivate("tcp", addr, nil); !errors.Is(err, ErrPrivateAddress) {
			t.Errorf("%s: %v", addr, err)
		}
	}
	if err := refusePrivate("tcp", "151.101.1.1:443", nil); err != nil {
		t.Errorf("a public address: %v", err)
	}
}
