/**
 * Relay-only tenants and tracks: which listeners get {@code iceTransportPolicy: relay},
 * and the candidates and descriptions of their swarms cleaned of addresses that are not
 * TURN relays before they are relayed.
 */
package cdn.signaling.relay;
