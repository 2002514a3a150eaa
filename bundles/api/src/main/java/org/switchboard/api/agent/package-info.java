/** Agents, their devices, presence and personal settings. */
@org.osgi.annotation.versioning.Version("0.1.0")
package org.switchboard.api.agent;
