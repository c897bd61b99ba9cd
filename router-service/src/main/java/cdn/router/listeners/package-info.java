/**
 * What browser listeners report about their playback ({@code POST /v1/listener-reports}),
 * published as the client metrics JVM listeners publish, tagged {@code client=browser}.
 */
package cdn.router.listeners;
