// The local web chat: a plain page that talks to the bot through the same turns as Telegram.
"use strict";

const state = { who: null, firstName: null, lastId: 0, polling: null, busy: false, words: {} };
const $ = (id) => document.getElementById(id);

// The page's own words come from dialogs/texts.yaml in the language chosen on the page, so the page speaks the
// person's language as the bot does; the HTML holds the Danish ones until they arrive.
function word(key, values = {}) {
  const text = state.words[key];
  if (text === undefined) return null;
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

function applyWords() {
  for (const element of document.querySelectorAll("[data-text]")) {
    const text = word(element.dataset.text);
    if (text !== null) element.textContent = text;
  }
  for (const element of document.querySelectorAll("[data-label]")) {
    const text = word(element.dataset.label);
    if (text !== null) element.setAttribute("aria-label", text);
  }
  for (const element of document.querySelectorAll("[data-placeholder]")) {
    const text = word(element.dataset.placeholder);
    if (text !== null) element.placeholder = text;
  }
  for (const element of document.querySelectorAll("[data-role]")) {
    element.textContent = word(`webchat.role.${element.dataset.role}`) ?? element.dataset.role;
  }
  showTitle();
}

async function loadWords(language) {
  try {
    const response = await fetch(`api/webchat/texts?language=${encodeURIComponent(language)}`);
    if (!response.ok) return;
    const page = await response.json();
    state.words = page.texts;
    document.documentElement.lang = page.lang;
    document.documentElement.dir = page.dir;
    applyWords();
  } catch {
    // The page keeps the words it has; the next change of language tries again.
  }
}

// Whether the page's language list has this language.
function offered(lang) {
  return [...$("language").options].some((o) => o.value === lang);
}

// The bot's newest message is in the person's language (after /language too): the page follows it.
function followLanguage(lang) {
  const select = $("language");
  if (!lang || lang === select.value || !offered(lang)) return;
  select.value = lang;
  loadWords(lang);
}

function showTitle() {
  const title = $("chat-title");
  if (!state.who) return;
  const text = state.firstName
    ? word("webchat.talking_as", { firstName: state.firstName })
    : word("webchat.talking_as_new");
  title.textContent = text ?? (state.firstName ? state.firstName : "");
}

async function loadPeople() {
  const response = await fetch("api/webchat/people");
  const people = await response.json();
  const list = $("people");
  for (const person of people) {
    const item = document.createElement("li");
    const button = document.createElement("button");
    button.type = "button";
    button.dataset.key = person.key;
    button.innerHTML = `<span class="name"></span><span class="role"></span>`;
    button.querySelector(".name").textContent = person.firstName;
    const role = button.querySelector(".role");
    role.dataset.role = person.role;
    role.textContent = word(`webchat.role.${person.role}`) ?? person.role;
    button.addEventListener("click", () => choose(person.key, person.firstName));
    item.appendChild(button);
    list.appendChild(item);
  }
}

function choose(who, firstName) {
  state.who = who;
  state.firstName = firstName;
  state.lastId = 0;
  $("messages").replaceChildren();
  // Once a person is chosen the title names them; it no longer follows the "choose a person" text.
  delete $("chat-title").dataset.text;
  showTitle();
  for (const b of document.querySelectorAll("#people button")) {
    b.setAttribute("aria-pressed", String(b.dataset.key === who));
  }
  $("composer").hidden = false;
  $("text").focus();
  clearInterval(state.polling);
  state.polling = setInterval(poll, 1500);
  poll();
}

function someoneNew() {
  const random = Math.random().toString(36).slice(2, 10);
  choose(`guest-${random}`, null);
}

async function send(body) {
  if (!state.who) return;
  const response = await fetch(`api/webchat/${state.who}/messages`, {
    method: "POST",
    headers: { "Content-Type": "application/json" },
    body: JSON.stringify({ ...body, firstName: state.firstName, language: $("language").value }),
  });
  if (!response.ok) {
    toast(word("webchat.send_failed") ?? "Beskeden kom ikke frem. Prøv igen.");
    return;
  }
  const turn = await response.json();
  if (turn.buttonAnswer) toast(turn.buttonAnswer);
  await poll();
}

async function poll() {
  if (!state.who || state.busy) return;
  state.busy = true;
  const who = state.who;
  try {
    const response = await fetch(`api/webchat/${who}/messages?after=${state.lastId}`);
    if (!response.ok || who !== state.who) return;
    const messages = await response.json();
    for (const message of messages) {
      state.lastId = Math.max(state.lastId, message.id);
      if (message.editsMessageId) {
        applyEdit(message);
      } else {
        show(message);
      }
    }
    if (messages.length > 0) followLanguage(messages[messages.length - 1].lang);
  } catch {
    // The host may be restarting; the next poll tries again.
  } finally {
    state.busy = false;
  }
}

function show(message) {
  const item = document.createElement("li");
  item.className = message.voice ? "bot voice" : "bot";
  item.dataset.id = message.id;
  render(item, message);
  $("messages").appendChild(item);
  // The chat runs the way the bot's newest message is written: right to left for Arabic.
  $("chat").dir = message.dir || "ltr";
  $("chat").lang = message.lang || "da";
  item.scrollIntoView({ block: "end" });
}

function applyEdit(edit) {
  const item = document.querySelector(`#messages li[data-id="${edit.editsMessageId}"]`);
  if (item) render(item, edit);
}

function render(item, message) {
  // An edit brings new text and buttons only; a file stays with the message it came with.
  if (message.document) item.file = message.document;
  item.lang = message.lang || "da";
  item.dir = message.dir || "ltr";
  item.replaceChildren();
  if (message.voice) {
    // A message read aloud: the same Ogg/Opus file Telegram gets as a voice message.
    const audio = document.createElement("audio");
    audio.controls = true;
    audio.preload = "metadata";
    audio.src = message.voice.url;
    item.appendChild(audio);
    return;
  }
  if (message.text || !item.file) {
    const text = document.createElement("div");
    text.className = "text";
    text.textContent = message.text;
    item.appendChild(text);
  }
  if (item.file) {
    const link = document.createElement("a");
    link.className = "document";
    link.href = item.file.url;
    link.download = item.file.name;
    link.textContent = item.file.name;
    item.appendChild(link);
  }
  if (!message.buttons || message.buttons.length === 0) return;
  const buttons = document.createElement("div");
  buttons.className = "buttons";
  for (const row of message.buttons) {
    const rowElement = document.createElement("div");
    rowElement.className = "row";
    for (const b of row) {
      const button = document.createElement("button");
      button.type = "button";
      button.textContent = b.label;
      button.addEventListener("click", () => send({ payload: b.payload, messageId: Number(item.dataset.id) }));
      rowElement.appendChild(button);
    }
    buttons.appendChild(rowElement);
  }
  item.appendChild(buttons);
}

function showOwn(text) {
  const item = document.createElement("li");
  item.className = "me";
  item.textContent = text;
  $("messages").appendChild(item);
}

let toastTimer = null;
function toast(text) {
  const element = $("toast");
  element.textContent = text;
  element.hidden = false;
  clearTimeout(toastTimer);
  toastTimer = setTimeout(() => { element.hidden = true; }, 3500);
}

$("composer").addEventListener("submit", async (event) => {
  event.preventDefault();
  const text = $("text").value.trim();
  if (!text) return;
  $("text").value = "";
  showOwn(text);
  await send({ text });
});
$("someone-new").addEventListener("click", someoneNew);

let demoToken = "";

async function loadDemo() {
  const response = await fetch("api/webchat/demo");
  if (!response.ok) return;
  const demo = await response.json();
  demoToken = demo.token || "";
  $("invite-code").textContent = `/start ${demo.inviteCode}`;
  $("demo").hidden = !demo.controls;
}

$("next-step").addEventListener("click", async () => {
  const response = await fetch("api/webchat/demo/next-step", { method: "POST", headers: { "X-Makker-Demo": demoToken } });
  const result = await response.json();
  if (!response.ok) {
    toast(result.error);
    return;
  }
  const count = result.messages === 1 ? word("webchat.one_person") : word("webchat.people_count", { count: result.messages });
  const step = word(`webchat.step.${result.stepKey}`) ?? result.step;
  toast(word("webchat.step_sent", { step, activity: result.activity, count }) ?? `${step}: ${result.messages}`);
  await poll();
});

$("language").addEventListener("change", () => {
  localStorage.setItem("makker-webchat-language", $("language").value);
  loadWords($("language").value);
});

const remembered = localStorage.getItem("makker-webchat-language");
if (remembered && offered(remembered)) $("language").value = remembered;
loadWords($("language").value).then(loadPeople);
loadDemo();
