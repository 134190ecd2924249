"""The Alexa edge, the only code that sees ask-sdk's HandlerInput: a request made into a Turn, one request handler,
a Reply made into a Response (a screen made into APL where the device has one), the interceptors and the memory
port."""
