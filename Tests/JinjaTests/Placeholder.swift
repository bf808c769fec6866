import Testing

@Test func placeholderJinjaTests() {}
