// Development-only oracle for the Tokenizers tests (not built by SwiftPM): loads a GGUF vocabulary with llama.cpp
// (vocab_only) and, for each JSON line {"t": text, "p": parse_special} on stdin, prints the token ids on one line.
// The first output line lists the end-of-generation ids. With a second argument `pieces` it prints every token's
// piece instead. Build against a llama.cpp checkout, see README.md.
#include "llama.h"
#include <cstdio>
#include <string>
#include <vector>
#include <iostream>

static void quiet(ggml_log_level, const char *, void *) {}

// minimal JSON string unescape for our own writer (handles \uXXXX incl. surrogates, \n \t \r \" \\ \/ \b \f)
static std::string unescape(const std::string & s, size_t & i) {
    std::string out; // s[i] == '"'
    i++;
    auto put = [&](uint32_t c) {
        if (c < 0x80) out += (char)c;
        else if (c < 0x800) { out += (char)(0xC0 | (c >> 6)); out += (char)(0x80 | (c & 0x3F)); }
        else if (c < 0x10000) { out += (char)(0xE0 | (c >> 12)); out += (char)(0x80 | ((c >> 6) & 0x3F)); out += (char)(0x80 | (c & 0x3F)); }
        else { out += (char)(0xF0 | (c >> 18)); out += (char)(0x80 | ((c >> 12) & 0x3F)); out += (char)(0x80 | ((c >> 6) & 0x3F)); out += (char)(0x80 | (c & 0x3F)); }
    };
    while (s[i] != '"') {
        if (s[i] == '\\') {
            char e = s[i + 1];
            if (e == 'u') {
                uint32_t c = std::stoul(s.substr(i + 2, 4), nullptr, 16);
                i += 6;
                if (c >= 0xD800 && c < 0xDC00 && s[i] == '\\' && s[i + 1] == 'u') {
                    uint32_t lo = std::stoul(s.substr(i + 2, 4), nullptr, 16);
                    c = 0x10000 + ((c - 0xD800) << 10) + (lo - 0xDC00);
                    i += 6;
                }
                put(c);
                continue;
            }
            switch (e) { case 'n': out += '\n'; break; case 't': out += '\t'; break; case 'r': out += '\r'; break;
                case 'b': out += '\b'; break; case 'f': out += '\f'; break; default: out += e; }
            i += 2;
        } else { out += s[i++]; }
    }
    i++;
    return out;
}

int main(int argc, char ** argv) {
    llama_log_set(quiet, nullptr);
    llama_backend_init();
    auto mp = llama_model_default_params();
    mp.vocab_only = true;
    llama_model * model = llama_model_load_from_file(argv[1], mp);
    if (!model) { fprintf(stderr, "load failed\n"); return 1; }
    const llama_vocab * vocab = llama_model_get_vocab(model);
    int n = llama_vocab_n_tokens(vocab);
    printf("EOG");
    for (int i = 0; i < n; i++) if (llama_vocab_is_eog(vocab, i)) printf(" %d", i);
    printf("\n");
    if (argc > 2 && std::string(argv[2]) == "pieces") {
        // One line per token: its piece in hex with special tokens rendered, then without ("-" when empty).
        std::vector<char> buf(4096);
        for (int id = 0; id < n; id++) {
            for (int special = 1; special >= 0; special--) {
                int k = llama_token_to_piece(vocab, id, buf.data(), (int)buf.size(), 0, special != 0);
                if (k <= 0) printf("-");
                for (int j = 0; j < k; j++) printf("%02x", (unsigned char)buf[j]);
                printf(special ? " " : "\n");
            }
        }
        return 0;
    }
    std::string line;
    while (std::getline(std::cin, line)) {
        size_t i = line.find('"', line.find("\"t\"") + 3);
        std::string text = unescape(line, i);
        bool parse = line.find("\"p\":true") != std::string::npos || line.find("\"p\": true") != std::string::npos;
        std::vector<llama_token> toks(text.size() * 2 + 16);
        int k = llama_tokenize(vocab, text.data(), (int)text.size(), toks.data(), (int)toks.size(), false, parse);
        if (k < 0) { toks.resize(-k); k = llama_tokenize(vocab, text.data(), (int)text.size(), toks.data(), (int)toks.size(), false, parse); }
        for (int j = 0; j < k; j++) printf(j ? " %d" : "%d", toks[j]);
        printf("\n");
        fflush(stdout);
    }
    return 0;
}
