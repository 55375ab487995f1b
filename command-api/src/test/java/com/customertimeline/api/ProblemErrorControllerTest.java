package com.customertimeline.api;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.servlet.RequestDispatcher;
import org.junit.jupiter.api.Test;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.mock.web.MockHttpServletRequest;

/** What reaches the container's error page is answered as problem+json with a code, never a whitelabel page. */
class ProblemErrorControllerTest {

    private final ProblemErrorController controller = new ProblemErrorController();

    private static MockHttpServletRequest errorOf(Integer status, String uri) {
        MockHttpServletRequest request = new MockHttpServletRequest("GET", "/error");
        if (status != null) {
            request.setAttribute(RequestDispatcher.ERROR_STATUS_CODE, status);
        }
        request.setAttribute(RequestDispatcher.ERROR_REQUEST_URI, uri);
        return request;
    }

    @Test
    void anUnexpectedFailureIsA500ProblemWithCodeInternal() {
        ResponseEntity<ProblemDetail> answer = controller.error(errorOf(500, "/api/v1/customers/x"));

        assertThat(answer.getStatusCode().value()).isEqualTo(500);
        assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(answer.getBody().getProperties()).containsEntry("code", "internal");
        assertThat(answer.getBody().getType().toString()).isEqualTo("urn:customer-timeline:problem:internal");
        assertThat(answer.getBody().getInstance().toString()).isEqualTo("/api/v1/customers/x");
    }

    @Test
    void aStatusSetByAFilterKeepsItsStatusAndGetsItsCode() {
        ResponseEntity<ProblemDetail> answer = controller.error(errorOf(401, "/api/v1/customers"));

        assertThat(answer.getStatusCode().value()).isEqualTo(401);
        assertThat(answer.getBody().getProperties()).containsEntry("code", "unauthorized");
        assertThat(answer.getBody().getTitle()).isEqualTo("Unauthorized");
    }

    @Test
    void aPathThatIsNoUriStillGetsAnAnswer() {
        ResponseEntity<ProblemDetail> answer = controller.error(errorOf(404, "/a b|c"));

        assertThat(answer.getStatusCode().value()).isEqualTo(404);
        assertThat(answer.getBody().getProperties()).containsEntry("code", "not-found");
    }
}
