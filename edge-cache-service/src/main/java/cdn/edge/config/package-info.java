/**
 * The service's configuration properties, bound and validated at start; read by every
 * feature package.
 */
package cdn.edge.config;
