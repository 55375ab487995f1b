package com.customertimeline.app;

import com.customertimeline.projections.web.Problems;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import org.apache.catalina.connector.Request;
import org.apache.catalina.connector.Response;
import org.apache.catalina.valves.ErrorReportValve;
import org.springframework.http.HttpStatus;

/**
 * Tomcat's last word on errors it answers itself, before any servlet runs: a path with an encoded slash
 * ({@code %2F}) or NUL ({@code %00}), headers over the size limit, a request line it cannot parse. Its
 * own valve renders those as an HTML page; this one writes the same problem+json as the rest of the API.
 */
public class ProblemErrorReportValve extends ErrorReportValve {

    @Override
    protected void report(Request request, Response response, Throwable throwable) {
        int statusCode = response.getStatus();
        if (statusCode < 400 || response.getContentWritten() > 0 || !response.setErrorReported()) {
            return;
        }
        HttpStatus status = HttpStatus.resolve(statusCode);
        if (status == null) {
            status = statusCode >= 500 ? HttpStatus.INTERNAL_SERVER_ERROR : HttpStatus.BAD_REQUEST;
        }
        String body = json(status, detail(status));
        try {
            response.setContentType("application/problem+json");
            response.setCharacterEncoding(StandardCharsets.UTF_8.name());
            Writer writer = response.getReporter();
            if (writer != null) {
                writer.write(body);
                response.finishResponse();
            }
        } catch (IOException | IllegalStateException e) {
            // the connection is gone or the response was committed meanwhile: nothing left to tell
        }
    }

    private static String detail(HttpStatus status) {
        if (status == HttpStatus.BAD_REQUEST) {
            return "the request could not be read: its path, request line or headers are malformed or too large"
                    + " (an encoded '/' or NUL in the path is never accepted)";
        }
        return "the request was refused: " + status.getReasonPhrase();
    }

    /** Written by hand: the valve runs outside Spring, and every value is one of ours. */
    private static String json(HttpStatus status, String detail) {
        String code = Problems.codeFor(status);
        return "{\"type\":\"" + Problems.TYPE_PREFIX + code + "\",\"title\":\"" + status.getReasonPhrase()
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail.replace("\"", "\\\"")
                + "\",\"code\":\"" + code + "\"}";
    }
}
