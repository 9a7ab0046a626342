// Inline script of conformance.html: outcome / area filters, search by id, copy-curl buttons,
// links to a requirement that open it.
// Plain ES2017 so it runs in any browser from file://.
export const SCRIPT = `
(function(){
  var state={outcome:'all',area:'all',q:''};
  var reqs=[].slice.call(document.querySelectorAll('details.req'));
  var sections=[].slice.call(document.querySelectorAll('section.area'));
  var shown=document.getElementById('shown');
  function apply(){
    var n=0, q=state.q.trim().toUpperCase();
    reqs.forEach(function(el){
      var o=el.getAttribute('data-outcome');
      var okO=state.outcome==='all'||o===state.outcome||(state.outcome==='known'&&el.hasAttribute('data-known'));
      var okA=state.area==='all'||el.getAttribute('data-area')===state.area;
      var okQ=!q||el.getAttribute('data-id').indexOf(q)>=0||el.getAttribute('data-title').toUpperCase().indexOf(q)>=0;
      var vis=okO&&okA&&okQ; el.classList.toggle('hidden',!vis); if(vis)n++;
    });
    sections.forEach(function(s){ s.classList.toggle('hidden',!s.querySelector('details.req:not(.hidden)')); });
    if(shown) shown.textContent=n+' of '+reqs.length+' requirements shown';
  }
  [].slice.call(document.querySelectorAll('[data-filter-outcome]')).forEach(function(b){
    b.addEventListener('click',function(){
      state.outcome=b.getAttribute('data-filter-outcome');
      [].slice.call(document.querySelectorAll('[data-filter-outcome]')).forEach(function(x){x.setAttribute('aria-pressed',String(x===b));});
      apply();
    });
  });
  var area=document.getElementById('area'); if(area) area.addEventListener('change',function(){state.area=area.value;apply();});
  var search=document.getElementById('search'); if(search) search.addEventListener('input',function(){state.q=search.value;apply();});
  [].slice.call(document.querySelectorAll('.curl button')).forEach(function(b){
    b.addEventListener('click',function(){
      var t=b.parentNode.querySelector('pre').textContent;
      if(navigator.clipboard) navigator.clipboard.writeText(t).then(function(){b.textContent='copied';});
    });
  });
  // A link to a requirement (the verdict's list of MUSTs not checked) opens it, even if filtered out.
  function openHash(){
    var el=location.hash?document.getElementById(decodeURIComponent(location.hash.slice(1))):null;
    if(el&&el.tagName==='DETAILS'){ el.open=true; el.classList.remove('hidden'); var s=el.closest('section.area'); if(s) s.classList.remove('hidden'); }
  }
  window.addEventListener('hashchange',openHash);
  apply();
  openHash();
})();
`;
