/**
 * What the operator's rules over listeners match (a tenant and a track, each any, a
 * prefix or exactly one), written once for the tracker's residency rules, P2P switches
 * and relay-only rules and signaling's relay-only rules. Plain Java, no Spring.
 */
package cdn.kit.rules;
