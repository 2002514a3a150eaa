/** Health indicators aggregated by {@code GET /api/v1/health}. */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.switchboard.api.health;
