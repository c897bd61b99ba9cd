-- ARGV: 1 prefix, 2 peer. Returns 1 when the peer was registered.
return peer_remove(ARGV[2])
