-- Drives the real language server from Neovim's built-in client (0.7: no pull diagnostics,
-- no file watchers, no dynamic registration), writes what it saw as JSON to $PLAYBOOK_OUT.
-- Run by test/lsp/neovim.test.ts: nvim --headless --clean -c 'luafile check.lua'.
local root, server, out_file = os.getenv('PLAYBOOK_ROOT'), os.getenv('PLAYBOOK_SERVER'), os.getenv('PLAYBOOK_OUT')
local out = { steps = {} }
local function step(s) table.insert(out.steps, s) end
local function finish()
  vim.fn.writefile({ vim.fn.json_encode(out) }, out_file)
  vim.cmd('qa!')
end
local ok_all, err = pcall(function()
  local file = root .. '/playbooks/deal-review.playbook.yaml'
  vim.cmd('edit ' .. file)
  local buf = vim.api.nvim_get_current_buf()
  local id = vim.lsp.start_client({ name = 'playbook-lint', cmd = { 'node', server, '--stdio' }, root_dir = root })
  vim.lsp.buf_attach_client(buf, id)
  out.initialized = vim.wait(20000, function() local c = vim.lsp.get_client_by_id(id); return c ~= nil and c.initialized end, 20)
  local uri = vim.uri_from_bufnr(buf)
  local function codes()
    local t = {}
    for _, d in ipairs(vim.diagnostic.get(buf)) do table.insert(t, { code = d.code, line = d.lnum + 1, col = d.col + 1, message = d.message }) end
    return t
  end
  local function has(code, text)
    for _, d in ipairs(vim.diagnostic.get(buf)) do if d.code == code and (not text or d.message:find(text, 1, true)) then return true end end
    return false
  end
  local function request(method, params)
    local res = vim.lsp.buf_request_sync(buf, method, params, 15000)
    for _, r in pairs(res or {}) do return r.result, r.err end
  end

  -- 1. A hover the moment the client is up (the workspace may still be indexing).
  local original = vim.api.nvim_buf_get_lines(buf, 7, 8, false)[1]
  out.original = original
  local col = original:find('economic buyer', 1, true) -- 1-based: the character after "[["
  local hover = request('textDocument/hover', { textDocument = { uri = uri }, position = { line = 7, character = col } })
  out.hover = hover and hover.contents and (hover.contents.value or vim.fn.json_encode(hover.contents)) or vim.NIL
  step('hover')

  -- 2. An edit (incremental didChange, nothing saved) makes a reference undefined.
  vim.api.nvim_buf_set_lines(buf, 7, 8, false, { (original:gsub('%[%[economic buyer%]%]', '[[economic buyr]]')) })
  out.undefinedAfterEdit = vim.wait(15000, function() return has('undefined-term', 'economic buyr') end, 20)
  out.diagnostics = codes()
  step('edit')

  -- 3. Completion inside the brackets.
  local completion = request('textDocument/completion', { textDocument = { uri = uri }, position = { line = 7, character = col + 1 } })
  out.completion = {}
  for _, item in ipairs(completion and (completion.items or completion) or {}) do table.insert(out.completion, item.label) end
  step('completion')

  -- 4. The quick fixes there; the replacement applied, as an editor applies it.
  local actions = request('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = 7, character = col }, ['end'] = { line = 7, character = col } },
    context = { diagnostics = vim.lsp.diagnostic.get_line_diagnostics(buf, 7) },
  })
  out.actions = {}
  local preferred
  for _, a in ipairs(actions or {}) do
    table.insert(out.actions, a.title)
    -- Neovim 0.7 does not announce isPreferred support (so the server leaves it out): pick as a user would.
    if not preferred and a.edit and (a.isPreferred or a.title:find('^Change to')) then preferred = a end
  end
  if preferred then vim.lsp.util.apply_workspace_edit(preferred.edit, 'utf-16') end
  out.lineAfterFix = vim.api.nvim_buf_get_lines(buf, 7, 8, false)[1]
  out.clearedAfterFix = vim.wait(15000, function() return not has('undefined-term') end, 20)
  step('fix')

  -- 5. A vocabulary created on disk, with no watcher registered: the server's own polling sees it.
  vim.api.nvim_buf_set_lines(buf, 7, 8, false, { (original:gsub('%[%[economic buyer%]%]', '[[zebra crossing]]')) })
  out.zebraUndefined = vim.wait(15000, function() return has('undefined-term', 'zebra crossing') end, 20)
  vim.fn.writefile({ 'vocabulary: Road words', 'terms:', '  - term: Zebra crossing', '    definition: Where the buyer crosses over to our side.' }, root .. '/vocabulary/road.vocabulary.yaml')
  out.zebraDefinedFromDisk = vim.wait(15000, function() return not has('undefined-term') end, 50)
  step('disk')

  vim.lsp.stop_client(id)
  vim.wait(3000, function() return vim.lsp.get_client_by_id(id) == nil end, 20)
end)
if not ok_all then out.error = tostring(err) end
finish()
