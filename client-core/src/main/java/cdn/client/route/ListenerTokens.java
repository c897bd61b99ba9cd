package cdn.client.route;

import reactor.core.publisher.Mono;

/**
 * The listener token a listener shows the tracker ({@code Authorization: Bearer}): the
 * one the router issued for its peer id.
 */
public interface ListenerTokens {

	/** No tokens: services that require none. */
	ListenerTokens NONE = (peerId, region) -> Mono.empty();

	/**
	 * The token of {@code peerId}, or empty when the router issues none.
	 * @param region the listener's region, or {@code null} when the call names none
	 */
	Mono<String> token(String peerId, String region);

}
