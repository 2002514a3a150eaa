/** Recording metadata; media writes the audio, the recording bundle post-processes it. */
@org.osgi.annotation.versioning.Version("0.2.0")
package org.switchboard.api.recording;
