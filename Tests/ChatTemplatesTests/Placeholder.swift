import Testing

@Test func placeholderChatTemplatesTests() {}
