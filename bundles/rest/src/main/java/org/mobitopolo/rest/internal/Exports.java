package org.mobitopolo.rest.internal;

import static javax.ws.rs.core.MediaType.APPLICATION_OCTET_STREAM;

import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Date;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import javax.ws.rs.core.HttpHeaders;
import javax.ws.rs.core.Response;
import javax.ws.rs.core.StreamingOutput;
import javax.ws.rs.core.UriInfo;
import org.mobitopolo.api.platform.ErrorCode;
import org.mobitopolo.api.platform.PlatformException;
import org.mobitopolo.api.transfer.TransferInfo;

/** What the snapshot and image resources share: their files served to other hosts, and the answer to a fetch. */
final class Exports {
    private static final int CHUNK = 1 << 16;

    private Exports() {}

    /**
     * The file whole, or from an offset with {@code Range: bytes=START-} (or START-END): 206 with
     * Content-Range, 416 for a range beyond its end. Streamed a chunk at a time as it is read; every
     * byte written counts in {@code served}.
     */
    static Response serve(Path path, String range, AtomicLong served, String what, UriInfo uri) throws IOException {
        long size = Files.size(path);
        Optional<ByteRange> asked;
        try {
            asked = ByteRange.parse(range, size);
        } catch (ByteRange.Unsatisfiable e) {
            return Response.status(416).type(Problem.MEDIA_TYPE).header("Content-Range", "bytes */" + size)
                    .entity(new Problem("about:blank", "Range Not Satisfiable", 416, what + ": " + e.getMessage(),
                            uri.getRequestUri().getRawPath()))
                    .build();
        }
        ByteRange sent = asked.orElse(new ByteRange(0, size - 1));
        StreamingOutput body = out -> {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                ByteBuffer buf = ByteBuffer.allocate(CHUNK);
                for (long at = sent.start(), left = sent.length(); left > 0; ) {
                    buf.clear().limit((int) Math.min(CHUNK, left));
                    int n = channel.read(buf, at);
                    if (n < 0) {
                        throw new IOException(path + " ended " + left + " bytes early");
                    }
                    out.write(buf.array(), 0, n);
                    served.addAndGet(n);
                    at += n;
                    left -= n;
                }
            }
        };
        Response.ResponseBuilder answer = (asked.isPresent() ? Response.status(206).header("Content-Range", sent.contentRange(size))
                : Response.ok()).entity(body).type(APPLICATION_OCTET_STREAM)
                .header(HttpHeaders.CONTENT_LENGTH, Math.max(0, sent.length()))
                .header("Accept-Ranges", "bytes")
                .lastModified(new Date(Files.getLastModifiedTime(path).toMillis()));
        return answer.build();
    }

    /**
     * The answer to a fetch: 202 with the transfer as it stands now, or, waiting, 200 once it is here
     * (its failure as the problem it was); {@code location} is its transfers entry.
     */
    static CompletionStage<Response> answer(CompletionStage<TransferInfo> done, Supplier<Optional<TransferInfo>> now,
            boolean wait, URI location, String what) {
        if (!wait) {
            TransferInfo info = now.get().orElseThrow(() -> new PlatformException(ErrorCode.FAILED,
                    "the transfer of " + what + " is not listed"));
            return CompletableFuture.completedStage(Response.accepted(info).location(location).build());
        }
        CompletableFuture<Response> answer = new CompletableFuture<>();
        done.whenComplete((info, failure) -> {
            if (failure == null) {
                answer.complete(Response.ok(info).location(location).build());
            } else {
                answer.completeExceptionally(failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure);
            }
        });
        return answer;
    }
}
