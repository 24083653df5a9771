// Drives hush serve with the official SDKs. HUSH_URL is the gateway's base URL; PROMPT is the
// user message. Prints one JSON object with what each call returned.
import OpenAI from 'openai';
import Anthropic from '@anthropic-ai/sdk';

const base = process.env.HUSH_URL;
const prompt = process.env.PROMPT;
const openai = new OpenAI({ apiKey: 'sdk-client-key', baseURL: base + '/v1', maxRetries: 0, timeout: 20000 });
const anthropic = new Anthropic({ apiKey: 'sdk-client-key', baseURL: base, maxRetries: 0, timeout: 20000 });
const out = {};

const chat = await openai.chat.completions.create({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: prompt }] });
out.openai = { text: chat.choices[0].message.content, usage: chat.usage };

const stream = await openai.chat.completions.create({
  model: 'gpt-4o-mini', stream: true, stream_options: { include_usage: true },
  messages: [{ role: 'user', content: prompt }],
});
let streamed = '';
let chunks = 0;
for await (const c of stream) {
  chunks++;
  streamed += c.choices[0]?.delta?.content ?? '';
}
out.openaiStream = { text: streamed, chunks };

const msg = await anthropic.messages.create({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: prompt }] });
out.anthropic = { text: msg.content[0].text, usage: msg.usage };

let atext = '';
const as = anthropic.messages.stream({ model: 'claude-sonnet-4-5', max_tokens: 64, messages: [{ role: 'user', content: prompt }] });
as.on('text', (t) => { atext += t; });
const final = await as.finalMessage();
out.anthropicStream = { text: atext, stop: final.stop_reason };

console.log(JSON.stringify(out));
