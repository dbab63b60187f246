#include "platform/scanner/evdev_decoder.h"

#include <array>
#include <stdexcept>
#include <utility>

namespace pt::scanner {
namespace {

struct KeyChars {
    unsigned code;
    char plain;
    char shifted;
};

// US layout. Letters are listed lower case; Shift / Caps Lock upper-case them.
constexpr std::array<KeyChars, 38> key_table{{
    {KEY_1, '1', '!'},           {KEY_2, '2', '@'},          {KEY_3, '3', '#'},
    {KEY_4, '4', '$'},           {KEY_5, '5', '%'},          {KEY_6, '6', '^'},
    {KEY_7, '7', '&'},           {KEY_8, '8', '*'},          {KEY_9, '9', '('},
    {KEY_0, '0', ')'},           {KEY_MINUS, '-', '_'},      {KEY_EQUAL, '=', '+'},
    {KEY_LEFTBRACE, '[', '{'},   {KEY_RIGHTBRACE, ']', '}'}, {KEY_SEMICOLON, ';', ':'},
    {KEY_APOSTROPHE, '\'', '"'}, {KEY_GRAVE, '`', '~'},      {KEY_BACKSLASH, '\\', '|'},
    {KEY_COMMA, ',', '<'},       {KEY_DOT, '.', '>'},        {KEY_SLASH, '/', '?'},
    {KEY_SPACE, ' ', ' '},       {KEY_KP0, '0', '0'},        {KEY_KP1, '1', '1'},
    {KEY_KP2, '2', '2'},         {KEY_KP3, '3', '3'},        {KEY_KP4, '4', '4'},
    {KEY_KP5, '5', '5'},         {KEY_KP6, '6', '6'},        {KEY_KP7, '7', '7'},
    {KEY_KP8, '8', '8'},         {KEY_KP9, '9', '9'},        {KEY_KPMINUS, '-', '-'},
    {KEY_KPPLUS, '+', '+'},      {KEY_KPDOT, '.', '.'},      {KEY_KPASTERISK, '*', '*'},
    {KEY_KPSLASH, '/', '/'},     {KEY_102ND, '\\', '|'},
}};

// Letter key codes follow the keyboard rows, not the alphabet.
constexpr std::array<std::pair<unsigned, char>, 26> letter_table{{
    {KEY_A, 'a'}, {KEY_B, 'b'}, {KEY_C, 'c'}, {KEY_D, 'd'}, {KEY_E, 'e'}, {KEY_F, 'f'},
    {KEY_G, 'g'}, {KEY_H, 'h'}, {KEY_I, 'i'}, {KEY_J, 'j'}, {KEY_K, 'k'}, {KEY_L, 'l'},
    {KEY_M, 'm'}, {KEY_N, 'n'}, {KEY_O, 'o'}, {KEY_P, 'p'}, {KEY_Q, 'q'}, {KEY_R, 'r'},
    {KEY_S, 's'}, {KEY_T, 't'}, {KEY_U, 'u'}, {KEY_V, 'v'}, {KEY_W, 'w'}, {KEY_X, 'x'},
    {KEY_Y, 'y'}, {KEY_Z, 'z'},
}};

char letter_of(unsigned code) {
    for (const auto& [key, letter] : letter_table)
        if (key == code) return letter;
    return 0;
}

}  // namespace

char us_key_char(unsigned code, bool shifted) {
    if (code == 0) return 0;
    if (const char letter = letter_of(code); letter != 0)
        return shifted ? static_cast<char>(letter - 'a' + 'A') : letter;
    for (const auto& key : key_table)
        if (key.code == code) return shifted ? key.shifted : key.plain;
    return 0;
}

EvdevDecoder::EvdevDecoder(const scanner::ScannerConfig& config, std::size_t max_length)
    : min_length_(config.min_length < 0 ? 0 : static_cast<std::size_t>(config.min_length)),
      max_length_(max_length) {
    if (config.terminator == "tab") {
        tab_terminates_ = true;
    } else if (config.terminator != "enter") {
        throw std::invalid_argument("scanner.terminator must be \"enter\" or \"tab\", not \"" +
                                    config.terminator + "\"");
    }
}

void EvdevDecoder::reset() {
    code_.clear();
    left_shift_ = right_shift_ = caps_lock_ = overlong_ = false;
    unknown_keys_ = 0;
}

DecodeResult EvdevDecoder::feed(const input_event& event) {
    DecodeResult result;
    if (event.type != EV_KEY) return result;
    const unsigned code = event.code;
    const bool pressed = event.value == 1;  // 0 release, 2 auto-repeat (ignored)

    if (code == KEY_LEFTSHIFT) left_shift_ = event.value != 0;
    if (code == KEY_RIGHTSHIFT) right_shift_ = event.value != 0;
    if (!pressed) return result;
    if (code == KEY_LEFTSHIFT || code == KEY_RIGHTSHIFT) return result;
    if (code == KEY_LEFTCTRL || code == KEY_RIGHTCTRL || code == KEY_LEFTALT ||
        code == KEY_RIGHTALT || code == KEY_LEFTMETA || code == KEY_RIGHTMETA ||
        code == KEY_NUMLOCK) {
        return result;  // modifiers some scanners send around a code; they make no character
    }
    if (code == KEY_CAPSLOCK) {
        caps_lock_ = !caps_lock_;
        return result;
    }

    const bool terminator =
        tab_terminates_ ? code == KEY_TAB : (code == KEY_ENTER || code == KEY_KPENTER);
    if (terminator) {
        // Problems name lengths and kinds only: the code may be (part of) a badge or a PIN,
        // which must not reach the journal or the technician screen.
        if (unknown_keys_ > 0) {
            result.problem = "evdev scanner: " + std::to_string(unknown_keys_) +
                             " key(s) without a character in a scan of " +
                             std::to_string(code_.size()) + " characters";
        } else if (overlong_) {
            result.problem = "evdev scanner: discarded a code longer than " +
                             std::to_string(max_length_) + " characters";
        } else if (code_.size() < min_length_) {
            if (!code_.empty())
                result.problem = "evdev scanner: ignored a scan of " +
                                 std::to_string(code_.size()) + " characters, shorter than " +
                                 std::to_string(min_length_);
        } else {
            result.code.emplace(std::move(code_));
        }
        const bool caps = caps_lock_;
        reset();
        caps_lock_ = caps;  // Caps Lock is a device state, not part of one code
        return result;
    }

    const bool shift = left_shift_ || right_shift_;
    const bool is_letter = letter_of(code) != 0;
    const char ch = us_key_char(code, is_letter ? (shift != caps_lock_) : shift);
    if (ch == 0) {
        // A key without a character (the other of Enter/Tab, F-keys, Ctrl...): a garbled code.
        ++unknown_keys_;
    } else if (code_.size() >= max_length_) {
        overlong_ = true;
    } else {
        code_.push_back(ch);
    }
    return result;
}

}  // namespace pt::scanner
