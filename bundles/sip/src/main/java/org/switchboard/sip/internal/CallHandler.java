package org.switchboard.sip.internal;

/** A method the B2BUA answers (INVITE, BYE, CANCEL, ACK). */
final class CallHandler implements RequestHandler {
    @FunctionalInterface
    interface Action {
        void handle(IncomingRequest request) throws Exception;
    }

    private final String method;
    private final Action action;

    CallHandler(String method, Action action) {
        this.method = method;
        this.action = action;
    }

    @Override
    public String method() {
        return method;
    }

    @Override
    public void handle(IncomingRequest request) throws Exception {
        action.handle(request);
    }
}
