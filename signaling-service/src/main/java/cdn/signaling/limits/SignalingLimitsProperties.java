package cdn.signaling.limits;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * Abuse limits of the signaling service ({@code signaling.limits.*}), documented with
 * defaults in {@code signaling-service/README.md}. A connection's frame rate itself is
 * {@code signaling.messages-per-second} and {@code signaling.message-burst}.
 *
 * @param addressRate WebSocket handshakes and {@code /v1/ice-servers} calls per second
 * from one client address, on average (0: no limit); browsers behind one NAT share it
 * @param addressBurst handshakes and calls from one address at once
 * @param maxRefusedFrames frames a connection may have refused for its rate, forgiven at
 * {@code signaling.messages-per-second}, before it is closed ({@code 1008}): a client
 * that keeps sending at more than twice its rate is closed, one that overshoots a burst
 * is not
 * @param trackedKeys client addresses whose rate is kept at once (the least used are
 * forgotten beyond it)
 */
@ConfigurationProperties("signaling.limits")
public record SignalingLimitsProperties(@DefaultValue("50") double addressRate, @DefaultValue("500") int addressBurst,
		@DefaultValue("300") int maxRefusedFrames, @DefaultValue("100000") int trackedKeys) {

	public SignalingLimitsProperties {
		if (!Double.isFinite(addressRate) || addressRate < 0 || (addressRate > 0 && addressBurst < 1)) {
			throw new IllegalArgumentException(
					"signaling.limits.address-rate must be >= 0 (0: off) and address-burst at least 1 when on");
		}
		if (maxRefusedFrames < 1 || trackedKeys < 1) {
			throw new IllegalArgumentException("signaling.limits.max-refused-frames and tracked-keys must be positive");
		}
	}

}
