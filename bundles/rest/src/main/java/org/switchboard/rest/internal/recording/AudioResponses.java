package org.switchboard.rest.internal.recording;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Optional;
import javax.ws.rs.core.EntityTag;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import org.switchboard.api.recording.Recording;
import org.switchboard.rest.internal.error.ApiException;
import org.switchboard.rest.internal.error.ErrorResponses;

/**
 * A playable recording as HTTP: the MP3 streamed from disk (never held in memory), whole or one
 * byte range, so that browsers can seek in {@code <audio>}.
 */
public final class AudioResponses {
    public static final String MP3 = "audio/mpeg";
    private static final int CHUNK = 64 * 1024;
    private static final DateTimeFormatter FILE_DATE =
            DateTimeFormatter.ofPattern("yyyy-MM-dd-HHmm", Locale.ROOT).withZone(ZoneOffset.UTC);

    private AudioResponses() {}

    /**
     * 200 with the file, 206 with the asked range, or 416 when the range starts past the end; 404
     * {@code not_found} when the file is gone.
     */
    public static Response of(Recording recording, Path file, String rangeHeader, boolean download) {
        long size;
        try {
            size = Files.size(file);
        } catch (IOException e) {
            throw ApiException.notFound("the audio of recording " + recording.id() + " is missing");
        }
        Optional<ByteRange> range;
        try {
            range = ByteRange.parse(rangeHeader, size);
        } catch (ByteRange.Unsatisfiable e) {
            return Response.fromResponse(ErrorResponses.of(Response.Status.REQUESTED_RANGE_NOT_SATISFIABLE,
                            "range_not_satisfiable", e.getMessage() + " of " + size + " bytes"))
                    .header("Content-Range", "bytes */" + size)
                    .header("Accept-Ranges", "bytes")
                    .build();
        }
        ByteRange bytes = range.orElse(new ByteRange(0, size - 1));
        Response.ResponseBuilder answer = range.isPresent()
                ? Response.status(Response.Status.PARTIAL_CONTENT).header("Content-Range", bytes.contentRange(size))
                : Response.ok();
        answer.type(MP3)
                .header("Accept-Ranges", "bytes")
                .header(HttpHeaders.CONTENT_LENGTH, Math.max(0, bytes.length()))
                .entity(stream(file, bytes));
        recording.checksum().ifPresent(sum -> answer.tag(new EntityTag(sum)));
        if (download) {
            answer.header("Content-Disposition", "attachment; filename=\"" + fileName(recording) + "\"");
        }
        return answer.build();
    }

    /** {@code 2026-12-05-1412-+15551230001-voicemail.mp3}: when (UTC), who called, what it is. */
    static String fileName(Recording recording) {
        String from = recording.from().replaceAll("[^A-Za-z0-9+._-]", "_");
        if (from.length() > 40) {
            from = from.substring(0, 40);
        }
        if (from.isEmpty()) {
            from = "unknown";
        }
        return FILE_DATE.format(recording.startedAt()) + "-" + from + "-"
                + recording.kind().name().toLowerCase(Locale.ROOT) + ".mp3";
    }

    private static StreamingOutput stream(Path file, ByteRange bytes) {
        return output -> {
            try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
                copy(channel, bytes, output);
            } catch (NoSuchFileException e) {
                // deleted between the answer's headers and its body: the client sees a short body
                throw new IOException("recording file vanished while it was being sent", e);
            }
        };
    }

    private static void copy(FileChannel channel, ByteRange bytes, OutputStream output) throws IOException {
        WritableByteChannel target = Channels.newChannel(output);
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK);
        long position = bytes.first();
        long remaining = bytes.length();
        while (remaining > 0) {
            buffer.clear().limit((int) Math.min(CHUNK, remaining));
            int read = channel.read(buffer, position);
            if (read < 0) {
                break; // the file shrank: send what there is
            }
            buffer.flip();
            while (buffer.hasRemaining()) {
                target.write(buffer);
            }
            position += read;
            remaining -= read;
        }
        output.flush();
    }
}
