import AnthropicAPI
import InferenceTypes
import OpenAIAPI

/// A request body decoded by every dialect's decoder, as the server's routes do: each one returns a request or a
/// field error, and the error becomes the error body the route would send. A Responses request's input must also
/// survive being stored and read back, as a continued response reads it.
enum RequestFuzz {
    static let signer = ThinkingSigner(secret: "fuzz")

    static func run(_ bytes: [UInt8]) {
        let json: JSONValue
        do {
            json = try JSONValue.parse(bytes)
        } catch {
            _ = OpenAIErrorBody(error).json.serialized()
            _ = AnthropicErrorBody(error).json(requestID: nil).serialized()
            return
        }
        openAI(json)
        anthropic(json)
    }

    static func openAI(_ json: JSONValue) {
        do {
            let chat = try ChatCompletionRequest(json: json)
            FuzzCheck.require(!chat.chat.messages.isEmpty, "a chat request without messages was accepted")
        } catch {
            _ = OpenAIErrorBody(error).json.serialized()
        }
        do {
            _ = try TextCompletionRequest(json: json)
        } catch {
            _ = OpenAIErrorBody(error).json.serialized()
        }
        do {
            let request = try ResponsesRequest(json: json)
            _ = request.chat(history: request.input)
            _ = JSONValue.makeObject(request.echo.members).serialized()
            let stored = JSONValue.array(request.input.map(\.json)).serialized()
            do {
                let back = try ResponseInputItem.list(fromStored: stored)
                FuzzCheck.require(back == request.input, "stored input items read back differently:\n\(stored)")
            } catch {
                FuzzCheck.fail("stored input items do not read back: \(error)\n\(stored)")
            }
        } catch {
            _ = OpenAIErrorBody(badRequest: error).json.serialized()
        }
    }

    static func anthropic(_ json: JSONValue) {
        for requireMaxTokens in [true, false] {
            do {
                let request = try MessagesRequest(json: json, requireMaxTokens: requireMaxTokens)
                try request.verifyThinkingSignatures(with: signer.bound(to: request.chat.model))
            } catch {
                _ = AnthropicErrorBody(error).json(requestID: "req_fuzz").serialized()
            }
        }
    }
}
