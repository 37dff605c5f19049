package harvest

import (
	"net"
	"net/netip"
)

// specialPrefixes are the IANA special-purpose address blocks (the IPv4
// and IPv6 Special-Purpose Address Registries) that a link from a public
// source may not reach: private, shared (carrier-grade NAT, where cloud
// metadata services answer), loopback, link-local, documentation,
// benchmarking, reserved, multicast and broadcast. NAT64 (64:ff9b::/96)
// and 6to4 (2002::/16) are judged by the IPv4 address they carry; Teredo
// (in 2001::/23) is refused whole.
var specialPrefixes = func() []netip.Prefix {
	var out []netip.Prefix
	for _, s := range []string{
		"0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12",
		"192.0.0.0/24", "192.0.2.0/24", "192.31.196.0/24", "192.52.193.0/24", "192.88.99.0/24", "192.168.0.0/16",
		"192.175.48.0/24", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24", "224.0.0.0/4", "240.0.0.0/4",
		"255.255.255.255/32",
		"::/128", "::1/128", "::ffff:0:0/96", "64:ff9b:1::/48", "100::/64", "2001::/23",
		"2001:db8::/32", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "ff00::/8",
	} {
		out = append(out, netip.MustParsePrefix(s))
	}
	return out
}()

// special says whether ip is in a special-purpose block, or is an IPv6
// address that carries an IPv4 one that is: NAT64 (64:ff9b::/96), 6to4
// (2002::/16, the address in bits 16–47), Teredo (2001::/32, the client's
// address inverted in the last 32 bits) and IPv4-mapped addresses.
func special(ip net.IP) bool {
	a, ok := netip.AddrFromSlice(ip)
	if !ok {
		return true
	}
	a = a.Unmap()
	if a.Is6() {
		b := a.As16()
		var v4 netip.Addr
		switch {
		case netip.MustParsePrefix("64:ff9b::/96").Contains(a), netip.MustParsePrefix("64:ff9b:1::/48").Contains(a):
			v4 = netip.AddrFrom4([4]byte{b[12], b[13], b[14], b[15]})
		case netip.MustParsePrefix("2002::/16").Contains(a):
			v4 = netip.AddrFrom4([4]byte{b[2], b[3], b[4], b[5]})
		case netip.MustParsePrefix("2001::/32").Contains(a):
			v4 = netip.AddrFrom4([4]byte{^b[12], ^b[13], ^b[14], ^b[15]})
		}
		if v4.IsValid() && special(net.IP(v4.AsSlice())) {
			return true
		}
	}
	for _, p := range specialPrefixes {
		if p.Contains(a) {
			return true
		}
	}
	return false
}
