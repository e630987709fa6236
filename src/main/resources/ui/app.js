// wirehub operations page. Plain JavaScript, no build step. Security: the API token lives in
// sessionStorage only (this tab) and goes out as the API's bearer header; every text that comes
// from items or feeds is put in the page with textContent, never as HTML.
(function () {
  'use strict';
  const KEY = 'wirehub.token';
  let token = sessionStorage.getItem(KEY);
  let map = null;
  let markers = null;
  let items = [];
  let deliveryStatus = 'dead';

  const $ = (id) => document.getElementById(id);

  function el(tag, attrs, ...children) {
    const e = document.createElement(tag);
    for (const [k, v] of Object.entries(attrs || {})) {
      if (k === 'class') e.className = v; else if (k === 'text') e.textContent = v; else e.setAttribute(k, v);
    }
    for (const c of children) {
      if (c !== null && c !== undefined) e.append(c instanceof Node ? c : document.createTextNode(String(c)));
    }
    return e;
  }

  async function api(path, options) {
    const r = await fetch(path, Object.assign({ headers: { 'Authorization': 'Bearer ' + token } }, options || {}));
    if (r.status === 401) {
      logout('The token was refused.');
      throw new Error('unauthorized');
    }
    const body = r.status === 204 ? null : await r.json();
    if (!r.ok) throw new Error((body && body.error) || ('HTTP ' + r.status));
    return body;
  }

  function when(iso) {
    if (!iso) return '—';
    const d = new Date(iso);
    if (isNaN(d)) return '—';
    const s = Math.round((Date.now() - d.getTime()) / 1000);
    const abs = Math.abs(s);
    const span = abs < 60 ? abs + ' s' : abs < 3600 ? Math.round(abs / 60) + ' min' : abs < 86400 ? Math.round(abs / 3600) + ' h'
      : Math.round(abs / 86400) + ' d';
    return s >= 0 ? span + ' ago' : 'in ' + span;
  }

  function duration(seconds) {
    if (seconds === null || seconds === undefined) return '—';
    return seconds < 90 ? seconds + ' s' : seconds < 5400 ? Math.round(seconds / 60) + ' min' : Math.round(seconds / 3600) + ' h';
  }

  function status(text) { $('status').textContent = text; }

  // ---------------------------------------------------------------- login
  function showLogin(message) {
    $('app').hidden = true;
    $('logout').hidden = true;
    $('login').hidden = false;
    $('login-error').hidden = !message;
    $('login-error').textContent = message || '';
    $('token').focus();
  }

  function logout(message) {
    token = null;
    sessionStorage.removeItem(KEY);
    showLogin(message);
  }

  $('login-form').addEventListener('submit', async (e) => {
    e.preventDefault();
    token = $('token').value.trim();
    $('token').value = '';
    try {
      await api('/api/feeds');
      sessionStorage.setItem(KEY, token);
      start();
    } catch (err) {
      if (err.message !== 'unauthorized') showLogin('The hub did not answer: ' + err.message);
    }
  });
  $('logout').addEventListener('click', () => logout());

  // ---------------------------------------------------------------- feeds
  async function loadFeeds() {
    const feeds = await api('/api/feeds');
    const body = $('feed-table').tBodies[0];
    body.replaceChildren();
    const counts = {};
    for (const f of feeds) {
      counts[f.state] = (counts[f.state] || 0) + 1;
      const poll = el('button', { type: 'button', class: 'poll', text: 'Poll now' });
      poll.addEventListener('click', async () => {
        poll.disabled = true;
        try { await api('/api/feeds/' + encodeURIComponent(f.id) + '/poll', { method: 'POST' }); status('Polling ' + f.id); }
        catch (err) { status(err.message); }
        setTimeout(refresh, 1500);
      });
      const name = el('td', {}, el('div', { text: f.id }), el('div', { class: 'muted', text: f.url }));
      const state = el('td', {}, el('span', { class: 'badge ' + f.state, text: f.state.replace('_', ' ') }),
        f.lenient ? el('div', { class: 'muted', text: 'read leniently' }) : null);
      const err = el('td', { class: 'err' }, f.consecutiveErrors > 0
        ? (f.lastError + ' (' + f.consecutiveErrors + '×, ' + when(f.lastErrorAt) + ')') : '');
      body.append(el('tr', { 'data-feed': f.id }, name, state, el('td', { text: when(f.lastSuccess) }), err,
        el('td', { text: when(f.nextPoll) }), el('td', { text: String(f.itemsLast24h) }), el('td', { text: duration(f.usualGapSeconds) }),
        el('td', {}, poll)));
    }
    $('feed-summary').textContent = feeds.length + ' feed(s)' + Object.entries(counts).map(([k, v]) => ', ' + v + ' ' + k.replace('_', ' ')).join('');
    if (!feeds.length) body.append(el('tr', {}, el('td', { colspan: '8', class: 'muted', text: 'No polled feed configured (feeds.yaml).' })));
  }

  // ---------------------------------------------------------------- items and map
  function initMap() {
    if (map) return;
    map = L.map('map', { worldCopyJump: true, attributionControl: false, minZoom: 1, maxZoom: 10 }).setView([20, 20], 2);
    fetch('/ui/world-110m.geojson').then((r) => r.json()).then((world) => {
      L.geoJSON(world, { style: { color: '#94a3b8', weight: 0.7, fillColor: '#f8fafc', fillOpacity: 1 }, interactive: false }).addTo(map);
      if (markers) markers.bringToFront();
    });
    markers = L.featureGroup().addTo(map);
  }

  function placeKey(p) { return p.lat.toFixed(3) + ',' + p.lon.toFixed(3); }

  function renderItems(filterKey) {
    const list = $('item-list');
    list.replaceChildren();
    const shown = filterKey ? items.filter((it) => it.places.some((p) => placeKey(p) === filterKey)) : items;
    for (const it of shown) {
      const head = it.link ? el('a', { href: it.link, rel: 'noopener noreferrer', target: '_blank', text: it.headline || '(no headline)' })
        : document.createTextNode(it.headline || '(no headline)');
      const meta = el('div', { class: 'meta' },
        el('span', { class: 'lang', text: it.language || '?' }),
        el('span', { text: when(it.time), title: it.time || '' }),
        el('span', { text: it.sources.length ? it.sources.join(' / ') : 'no source chain' }),
        el('span', { class: 'story', text: 'story ' + (it.story || '').slice(-8), title: it.story || '' }),
        it.event && it.event !== 'item.new' ? el('span', { text: it.event.replace('item.', '') }) : null,
        it.places.length ? el('span', { text: it.places.map((p) => p.name).join(', ') }) : null);
      list.append(el('li', { class: 'item' }, el('div', { class: 'headline' }, head), meta));
    }
    if (!shown.length) list.append(el('li', { class: 'muted', text: 'No item yet.' }));
    $('item-filter').textContent = filterKey ? '— ' + shown.length + ' at the chosen place' : '';
    $('clear-filter').hidden = !filterKey;
  }

  async function loadItems() {
    items = await api('/api/items?limit=100');
    initMap();
    markers.clearLayers();
    const byPlace = new Map();
    for (const it of items) {
      for (const p of it.places) {
        const k = placeKey(p);
        if (!byPlace.has(k)) byPlace.set(k, { place: p, items: [] });
        if (!byPlace.get(k).items.includes(it)) byPlace.get(k).items.push(it);
      }
    }
    for (const [k, entry] of byPlace) {
      const m = L.circleMarker([entry.place.lat, entry.place.lon], {
        radius: Math.min(5 + entry.items.length * 1.5, 14), color: '#1f6feb', weight: 1.5, fillColor: '#1f6feb', fillOpacity: 0.45,
        className: 'wh-marker'
      });
      const popup = el('div', {}, el('strong', { text: entry.place.name || '' }),
        el('ul', { class: 'popup-items' }, ...entry.items.slice(0, 8).map((it) => el('li', { text: it.headline || '(no headline)' }))));
      m.bindPopup(popup);
      m.bindTooltip(entry.place.name || '');
      m.on('click', () => renderItems(k));
      markers.addLayer(m);
    }
    renderItems(null);
  }
  $('clear-filter').addEventListener('click', () => renderItems(null));

  // ---------------------------------------------------------------- deliveries
  async function loadDeliveries() {
    const rows = await api('/api/deliveries?status=' + deliveryStatus + '&limit=100');
    const body = $('delivery-table').tBodies[0];
    body.replaceChildren();
    for (const d of rows) {
      let action = null;
      if (d.status === 'dead') {
        action = el('button', { type: 'button', class: 'redeliver', text: 'Redeliver' });
        action.addEventListener('click', async () => {
          action.disabled = true;
          try { await api('/api/deliveries/' + encodeURIComponent(d.id) + '/redeliver', { method: 'POST' }); status('Delivery back in the outbox'); }
          catch (err) { status(err.message); }
          loadDeliveries();
        });
      }
      body.append(el('tr', { 'data-delivery': d.id },
        el('td', { text: d.subscriber + ' #' + d.channel }), el('td', { text: d.event }),
        el('td', { class: 'muted', text: d.itemUri }), el('td', { text: String(d.attempts) }),
        el('td', { class: 'err', text: d.lastError || '' }), el('td', { text: when(d.createdAt) }), el('td', {}, action)));
    }
    $('delivery-empty').hidden = rows.length > 0;
  }
  for (const b of document.querySelectorAll('.tabs button')) {
    b.addEventListener('click', () => {
      document.querySelectorAll('.tabs button').forEach((x) => x.classList.toggle('active', x === b));
      deliveryStatus = b.dataset.status;
      loadDeliveries().catch((e) => status(e.message));
    });
  }

  // ---------------------------------------------------------------- refresh
  async function refresh() {
    try {
      await Promise.all([loadFeeds(), loadItems(), loadDeliveries()]);
      status('Updated ' + new Date().toLocaleTimeString());
    } catch (err) {
      if (err.message !== 'unauthorized') status('Update failed: ' + err.message);
    }
  }

  let timer = null;
  function start() {
    $('login').hidden = true;
    $('app').hidden = false;
    $('logout').hidden = false;
    initMap();
    refresh().then(() => map.invalidateSize());
    if (!timer) timer = setInterval(() => { if (token && !document.hidden) refresh(); }, 15000);
  }

  if (token) start(); else showLogin();
})();
