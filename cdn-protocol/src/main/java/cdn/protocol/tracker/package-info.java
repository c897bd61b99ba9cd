/**
 * Request and response bodies of the tracker's HTTP API ({@code /v1/announce},
 * {@code /v1/peers}, {@code /v1/peers/lookup}, {@code /v1/swarms/{trackId}}), shared by
 * the tracker and its clients. Fields are plain strings and numbers so that the tracker
 * can reject each bad value with its own short reason.
 */
package cdn.protocol.tracker;
