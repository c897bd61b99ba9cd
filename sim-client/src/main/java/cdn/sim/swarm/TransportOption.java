package cdn.sim.swarm;

import java.util.Locale;

import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** {@code --transport http|webrtc|auto}, as written on a command line (any case). */
public final class TransportOption implements ITypeConverter<PeerTransportMode> {

	@Override
	public PeerTransportMode convert(String value) {
		try {
			return PeerTransportMode.valueOf(value.strip().toUpperCase(Locale.ROOT));
		}
		catch (IllegalArgumentException ex) {
			throw new TypeConversionException("'" + value + "' is not a transport: http, webrtc or auto");
		}
	}

}
